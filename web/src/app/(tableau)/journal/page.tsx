"use client";

import { RoleGate } from "@/components/RoleGate";
import { AuditPage } from "@/features/audit/AuditPage";

export default function Page() {
  return <RoleGate section="audit"><AuditPage /></RoleGate>;
}
