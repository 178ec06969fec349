"use client";
// A filter form whose URL carries only the filters that are set (?name=chat, not ?name=chat&userId=&tag=…), so links
// are short and shareable. Without JavaScript it is a plain GET form.

import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

export function CleanGetForm({ action, ...props }: Omit<ComponentProps<"form">, "action" | "method" | "onSubmit"> & { action: string }) {
  const router = useRouter();
  return (
    <form
      {...props}
      method="get"
      action={action}
      onSubmit={(event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        for (const [key, value] of new FormData(event.currentTarget)) {
          if (typeof value === "string" && value.trim() !== "") params.append(key, value);
        }
        const query = params.toString();
        router.push(query ? `${action}?${query}` : action);
      }}
    />
  );
}
