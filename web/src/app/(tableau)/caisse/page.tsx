"use client";

import { Suspense } from "react";

import { RoleGate } from "@/components/RoleGate";
import { CashPage } from "@/features/cash/CashPage";

export default function Page() {
  return <RoleGate section="cash"><Suspense><CashPage /></Suspense></RoleGate>;
}
