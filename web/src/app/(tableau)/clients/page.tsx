"use client";

import { Suspense } from "react";

import { RoleGate } from "@/components/RoleGate";
import { CustomersPage } from "@/features/customers/CustomersPage";

export default function Page() {
  return <RoleGate section="customers"><Suspense><CustomersPage /></Suspense></RoleGate>;
}
