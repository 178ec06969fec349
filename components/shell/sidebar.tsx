"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";
import { pickRangeParams, withRange } from "@/lib/time-range/range";
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
          {/* The links carry the page's time range; before the URL is read (static render) they are plain. */}
          <Suspense fallback={<NavList items={items} pathname={pathname} carried={[]} />}>
            <NavListWithRange items={items} pathname={pathname} />
          </Suspense>
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

/**
 * The time range rides in the URL (`range`, `from`, `to`, `compare`) rather than a cookie: a link shows what it
 * says to whoever opens it, and the back button restores it. So the menu's links carry the current page's range on
 * to the next page (pages that do not read it pass it on), except to pages with a window of their own.
 */
function NavListWithRange({ items, pathname }: { items: NavItem[]; pathname: string }) {
  const carried = pickRangeParams(new URLSearchParams(useSearchParams().toString()));
  return <NavList items={items} pathname={pathname} carried={carried} />;
}

function NavList({ items, pathname, carried }: { items: NavItem[]; pathname: string; carried: [string, string][] }) {
  const current = (href: string) => (pathname === href ? "page" : undefined);
  const to = (item: NavItem) => (item.ownWindow || carried.length === 0 ? item.href : withRange(item.href, carried));
  return (
    <ul className="nav">
      {items.map((item) => (
        <li key={item.href}>
          <Link href={to(item)} aria-current={current(item.href)}>
            {item.label}
          </Link>
          {item.children?.length ? (
            <ul className="nav sub">
              {item.children.map((child) => (
                <li key={child.href}>
                  <Link href={to(child)} aria-current={current(child.href)}>
                    {child.label}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
