/** A product's open lots, first to expire first: read by the products, stock and losses screens. */
import { queryOptions } from "@tanstack/react-query";

import { api, ok } from "./client";
import { keys } from "./keys";

export const lotsQuery = (productId: string) => queryOptions({
  queryKey: keys.products.lots(productId),
  queryFn: async () => ok(await api.GET("/api/products/{product_id}/lots/", { params: { path: { product_id: productId } } })),
  enabled: productId !== "",
});
