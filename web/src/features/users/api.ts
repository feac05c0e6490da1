import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "@/api/client";
import { keys } from "@/api/keys";
import type { Role, User, UserCreate } from "@/api/types";

export type UserFilters = { search?: string; role?: Role; is_active?: boolean; page: number; page_size: number };

export const usersQuery = (filters: UserFilters) => {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v !== undefined)) as UserFilters;
  return queryOptions({
    queryKey: keys.users.list(query),
    queryFn: async () => ok(await api.GET("/api/users/", { params: { query: { ...query, ordering: "username" } } })),
    placeholderData: keepPreviousData,
  });
};

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: UserCreate) => ok(await api.POST("/api/users/", { body })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users.all }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ user, patch }: { user: User; patch: { role?: Role; is_active?: boolean } }) =>
      ok(await api.PATCH("/api/users/{user_id}/", { params: { path: { user_id: user.id } }, body: { ...patch, version: user.version } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users.all }),
  });
}

export function useDeactivateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (user: User) => ok(await api.DELETE("/api/users/{user_id}/", { params: { path: { user_id: user.id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users.all }),
  });
}

export function useUnlockUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (user: User) => ok(await api.POST("/api/users/{user_id}/unlock/", { params: { path: { user_id: user.id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users.all }),
  });
}
