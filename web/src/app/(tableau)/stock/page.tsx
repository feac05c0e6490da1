"use client";

import { RoleGate } from "@/components/RoleGate";
import { StockPage } from "@/features/stock/StockPage";

export default function Page() {
  return <RoleGate section="stock"><StockPage /></RoleGate>;
}
