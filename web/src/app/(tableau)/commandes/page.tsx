"use client";

import { Suspense } from "react";

import { RoleGate } from "@/components/RoleGate";
import { OrdersPage } from "@/features/orders/OrdersPage";

export default function Page() {
  return (
    <RoleGate section="orders">
      <Suspense>
        <OrdersPage />
      </Suspense>
    </RoleGate>
  );
}
