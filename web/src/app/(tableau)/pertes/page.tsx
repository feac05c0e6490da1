"use client";

import { RoleGate } from "@/components/RoleGate";
import { LossesPage } from "@/features/losses/LossesPage";

export default function Page() {
  return <RoleGate section="losses"><LossesPage /></RoleGate>;
}
