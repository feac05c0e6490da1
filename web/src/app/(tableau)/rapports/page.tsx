"use client";

import { RoleGate } from "@/components/RoleGate";
import { ReportsPage } from "@/features/reports/ReportsPage";

export default function Page() {
  return <RoleGate section="reports"><ReportsPage /></RoleGate>;
}
