"use client";

import { Shell } from "@/components/Shell";
import { LiveIndicator } from "@/features/live/LiveIndicator";
import { NotificationBell } from "@/features/notifications/NotificationBell";

export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <Shell bell={<NotificationBell />} liveStatus={<LiveIndicator />}>{children}</Shell>;
}
