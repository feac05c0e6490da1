"use client";

import { RoleGate } from "@/components/RoleGate";
import { UsersPage } from "@/features/users/UsersPage";

export default function Page() {
  return <RoleGate section="users"><UsersPage /></RoleGate>;
}
