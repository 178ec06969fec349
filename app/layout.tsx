import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Prism", template: "%s · Prism" }, description: "LLM product analytics" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Applies the saved (or system) theme before first paint, so dark mode never flashes light.
const themeScript = `try{var t=localStorage.getItem("prism-theme");if(!t)t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
