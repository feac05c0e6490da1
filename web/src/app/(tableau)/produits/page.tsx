"use client";

import { RoleGate } from "@/components/RoleGate";
import { ProductsPage } from "@/features/products/ProductsPage";

export default function Page() {
  return <RoleGate section="products"><ProductsPage /></RoleGate>;
}
