"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage } from "@/api/errors";
import type { Role, User } from "@/api/types";
import { ErrorAlert, SuccessNote } from "@/components/Alert";
import { Badge } from "@/components/Badge";
import { DataState } from "@/components/DataState";
import { Dialog } from "@/components/Dialog";
import { Field } from "@/components/Field";
import { Pagination } from "@/components/Pagination";
import { fr } from "@/i18n/fr";
import { useFieldErrors } from "@/lib/fieldErrors";
import { formatDate } from "@/lib/format";

import { useCreateUser, useDeactivateUser, useUnlockUser, useUpdateUser, type UserFilters, usersQuery } from "./api";

const ROLES = Object.entries(fr.roles) as [Role, string][];
const FIRST_PAGE: UserFilters = { page: 1, page_size: 50 };

export function UsersPage() {
  const [filters, setFilters] = useState<UserFilters>(FIRST_PAGE);
  const [creating, setCreating] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const query = useQuery(usersQuery(filters));
  const update = useUpdateUser();
  const deactivate = useDeactivateUser();
  const unlock = useUnlockUser();
  const change = (patch: Partial<UserFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));
  const error = update.error ?? deactivate.error ?? unlock.error;
  const [roleChange, setRoleChange] = useState<{ user: User; role: Role } | null>(null);
  /** Each action starts clean: no earlier note or error stays beside its outcome. */
  const start = () => { setNote(null); update.reset(); deactivate.reset(); unlock.reset(); };
  const done = () => setNote(fr.users.updated);

  const onDeactivate = (user: User) => {
    if (window.confirm(fr.users.confirmDeactivate(user.username))) { start(); deactivate.mutate(user, { onSuccess: done }); }
  };
  const confirmRole = ({ user, role }: { user: User; role: Role }) => {
    setRoleChange(null);
    start();
    update.mutate({ user, patch: { role } }, { onSuccess: done });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{fr.users.title}</h1>
        <button type="button" className="btn-primary" onClick={() => setCreating(true)}>{fr.users.create}</button>
      </div>
      <form role="search" noValidate aria-label={fr.common.filters} onSubmit={(e) => e.preventDefault()} className="card flex flex-wrap items-end gap-3 p-3">
        <label className="field min-w-56 flex-1">{fr.common.search}
          <input type="search" className="input" placeholder={fr.users.searchPlaceholder} value={filters.search ?? ""}
            onChange={(e) => change({ search: e.target.value || undefined })} />
        </label>
        <label className="field">{fr.users.role}
          <select className="input" value={filters.role ?? ""} onChange={(e) => change({ role: (e.target.value || undefined) as Role | undefined })}>
            <option value="">{fr.common.all}</option>
            {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">{fr.users.status}
          <select className="input" value={filters.is_active === undefined ? "" : String(filters.is_active)}
            onChange={(e) => change({ is_active: e.target.value === "" ? undefined : e.target.value === "true" })}>
            <option value="">{fr.common.all}</option>
            <option value="true">{fr.users.active}</option>
            <option value="false">{fr.users.inactive}</option>
          </select>
        </label>
      </form>
      <ErrorAlert message={error ? errorMessage(error) : null} />
      <SuccessNote message={note} />
      <DataState isPending={query.isPending} error={query.error} isEmpty={query.data?.results.length === 0}>
        {query.data && (
          <>
            <UsersTable users={query.data.results}
              onRole={(user, role) => setRoleChange({ user, role })}
              onDeactivate={onDeactivate}
              onReactivate={(user) => { start(); update.mutate({ user, patch: { is_active: true } }, { onSuccess: done }); }}
              onUnlock={(user) => { start(); unlock.mutate(user, { onSuccess: () => setNote(fr.users.unlocked(user.username)) }); }} />
            <Pagination page={filters.page} pageSize={filters.page_size} count={query.data.count} noun={fr.users.noun} onPage={(page) => change({ page })} />
          </>
        )}
      </DataState>
      <Dialog open={roleChange !== null} title={fr.users.roleChangeTitle} onClose={() => setRoleChange(null)}>
        {roleChange && <RoleChangeConfirm change={roleChange} onConfirm={() => confirmRole(roleChange)} onCancel={() => setRoleChange(null)} />}
      </Dialog>
      <Dialog open={creating} title={fr.users.create} onClose={() => setCreating(false)}>
        {creating && <UserForm onDone={(name) => { setCreating(false); if (name) setNote(fr.users.created(name)); }} />}
      </Dialog>
    </div>
  );
}

type RoleChangeProps = { change: { user: User; role: Role }; onConfirm: () => void; onCancel: () => void };

function RoleChangeConfirm({ change: { user, role }, onConfirm, onCancel }: RoleChangeProps) {
  return (
    <div className="space-y-4">
      <p>{fr.users.roleChangeText(user.username, fr.roles[user.role], fr.roles[role])}</p>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>{fr.common.cancel}</button>
        <button type="button" className="btn-primary" onClick={onConfirm}>{fr.users.roleChangeConfirm}</button>
      </div>
    </div>
  );
}

type TableProps = {
  users: User[]; onRole: (user: User, role: Role) => void; onDeactivate: (user: User) => void;
  onReactivate: (user: User) => void; onUnlock: (user: User) => void;
};

export function UsersTable({ users, onRole, onDeactivate, onReactivate, onUnlock }: TableProps) {
  const c = fr.users.col;
  return (
    <div className="card overflow-x-auto">
      <table className="table-base">
        <caption className="sr-only">{fr.users.title}</caption>
        <thead>
          <tr>
            <th scope="col">{c.username}</th>
            <th scope="col">{c.role}</th>
            <th scope="col" className="max-md:hidden">{c.email}</th>
            <th scope="col">{c.phone}</th>
            <th scope="col">{c.active}</th>
            <th scope="col" className="max-lg:hidden">{c.created}</th>
            <th scope="col"><span className="sr-only">{fr.common.actions}</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.is_active ? "" : "text-slate-500"}>
              <td className="font-medium">{user.username}</td>
              <td>
                <select aria-label={fr.users.roleOf(user.username)} className="input py-1" value={user.role} disabled={!user.is_active}
                  onChange={(e) => onRole(user, e.target.value as Role)}>
                  {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                </select>
              </td>
              <td className="max-md:hidden">{user.email || fr.common.none}</td>
              <td className="whitespace-nowrap">{user.phone || fr.common.none}</td>
              <td>{user.is_active ? <Badge tone="green">{fr.users.active}</Badge> : <Badge tone="gray">{fr.users.inactive}</Badge>}</td>
              <td className="whitespace-nowrap max-lg:hidden">{formatDate(user.created_at)}</td>
              <td className="whitespace-nowrap text-right">
                {user.is_active && (
                  <button type="button" className="btn-ghost text-sm" aria-label={fr.users.unlockOf(user.username)}
                    onClick={() => onUnlock(user)}>{fr.users.unlock}</button>
                )}
                {user.is_active
                  ? <button type="button" className="btn-ghost text-sm text-red-700" onClick={() => onDeactivate(user)}>{fr.users.deactivate}</button>
                  : <button type="button" className="btn-ghost text-sm" onClick={() => onReactivate(user)}>{fr.users.reactivate}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserForm({ onDone }: { onDone: (createdName: string | null) => void }) {
  const create = useCreateUser();
  const f = fr.fields;
  const { errors, validate } = useFieldErrors();
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!validate(event.currentTarget)) return;
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    create.mutate({
      username: text("username"), email: text("email"), password: String(form.get("password") ?? ""),
      role: text("role") as Role, phone: text("phone"),
    }, { onSuccess: (user) => onDone(user.username) });
  };
  return (
    <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2"><ErrorAlert message={create.error ? errorMessage(create.error) : null} /></div>
      <Field label={f.username} error={errors.username}>
        {(control) => <input {...control} name="username" required autoComplete="off" className="input" />}
      </Field>
      <label className="field">{f.role}
        <select name="role" required className="input" defaultValue="vendeur">
          {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <Field label={f.password} error={errors.password}>
        {(control) => <input {...control} name="password" type="password" required minLength={10} autoComplete="new-password" className="input" />}
      </Field>
      <label className="field">{f.phone}<input name="phone" type="tel" className="input" /></label>
      <Field label={f.email} error={errors.email} className="sm:col-span-2">
        {(control) => <input {...control} name="email" type="email" className="input" />}
      </Field>
      <div className="flex justify-end gap-2 sm:col-span-2">
        <button type="button" className="btn-secondary" onClick={() => onDone(null)}>{fr.common.cancel}</button>
        <button type="submit" className="btn-primary" disabled={create.isPending}>{create.isPending ? fr.common.saving : fr.common.create}</button>
      </div>
    </form>
  );
}
