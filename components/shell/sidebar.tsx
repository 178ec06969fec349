"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./nav-items";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";

interface SidebarProps {
  items: NavItem[];
  user: { email: string; role: string; projectName: string };
}

export function Sidebar({ items, user }: SidebarProps) {
  const pathname = usePathname();
  const current = (href: string) => (pathname === href ? "page" : undefined);
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden /> Prism
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {items.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={current(item.href)}>
                {item.label}
              </Link>
              {item.children ? (
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
        <SignOutButton />
      </div>
    </aside>
  );
}
