import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { keys } from "@/api/keys";

export const unreadCountQuery = () => queryOptions({
  queryKey: keys.notifications.unread(),
  queryFn: async () => ok(await api.GET("/api/notifications/unread-count/")),
  refetchInterval: 60_000,
});

export const notificationsQuery = () => queryOptions({
  queryKey: keys.notifications.list(),
  queryFn: async () => ok(await api.GET("/api/notifications/", {
    params: { query: { page_size: 30, ordering: "-created_at" } },
  })),
});

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => ok(await api.POST("/api/notifications/{notification_id}/read/", {
      params: { path: { notification_id: id } },
    })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.notifications.all }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => ok(await api.POST("/api/notifications/read-all/")),
    onSuccess: () => client.setQueryData(keys.notifications.unread(), { count: 0 }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.notifications.all }),
  });
}
