"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { NavItem } from "./nav-items";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";
import { SelfTelemetry } from "./self-telemetry";

interface SidebarProps {
  items: NavItem[];
  user: { email: string; role: string; projectName: string };
  /** PRISM_SELF_TELEMETRY_KEY: when set, a consent box for Prism's own usage telemetry. */
  selfTelemetryKey?: string;
}

/**
 * The main navigation. On wide screens a sticky sidebar; on phones (≤ 760 px) a top bar whose "Menu" button opens
 * the same list, sub-pages included, as a drawer over the page. The drawer closes on navigation and on Escape.
 */
export function Sidebar({ items, user, selfTelemetryKey }: SidebarProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  // Navigating closes the drawer (state adjusted during render, as React recommends over an effect).
  if (open && openedAt !== pathname) {
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  const current = (href: string) => (pathname === href ? "page" : undefined);
  return (
    <aside className="sidebar" data-open={open ? "true" : "false"}>
      <div className="sidebar-top">
        <div className="brand">
          <span className="brand-mark" aria-hidden /> Prism
        </div>
        <button
          type="button"
          className="btn menu-button"
          aria-expanded={open}
          aria-controls="main-menu"
          onClick={() => {
            setOpenedAt(pathname);
            setOpen((was) => !was);
          }}
        >
          {open ? "Close" : "Menu"}
        </button>
      </div>
      <div className="sidebar-body" id="main-menu">
        <nav aria-label="Main">
          <ul className="nav">
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={current(item.href)}>
                  {item.label}
                </Link>
                {item.children?.length ? (
                  <ul className="nav sub">
                    {item.children.map((child) => (
                      <li key={child.href}>
                        <Link href={child.href} aria-current={current(child.href)}>
                          {child.label}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <div className="small">
            <div className="mono" data-testid="current-user">{user.email}</div>
            <div className="muted">
              <span data-testid="current-role">{user.role}</span> · {user.projectName}
            </div>
          </div>
          <ThemeToggle />
          {selfTelemetryKey ? <SelfTelemetry publicKey={selfTelemetryKey} /> : null}
          <SignOutButton />
        </div>
      </div>
    </aside>
  );
}
