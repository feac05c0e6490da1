/** Every TanStack Query key of the dashboard, so that live updates invalidate the right caches. */

export type Filters = Record<string, string | number | boolean | null | undefined>;

export const keys = {
  orders: {
    all: ["orders"] as const,
    lists: () => ["orders", "list"] as const,
    list: (filters: Filters) => ["orders", "list", filters] as const,
    detail: (id: string) => ["orders", "detail", id] as const,
    history: (id: string) => ["orders", "history", id] as const,
    voiceNotes: (id: string) => ["orders", "voice-notes", id] as const,
    receipt: (id: string, version: number) => ["orders", "receipt", id, version] as const,
    at: (id: string, at: string) => ["orders", "at", id, at] as const,
    payments: (id: string) => ["orders", "payments", id] as const,
  },
  customers: {
    all: ["customers"] as const,
    lists: () => ["customers", "list"] as const,
    list: (filters: Filters) => ["customers", "list", filters] as const,
    detail: (id: string) => ["customers", "detail", id] as const,
    statement: (id: string, period: Filters) => ["customers", "statement", id, period] as const,
  },
  products: {
    all: ["products"] as const,
    lists: () => ["products", "list"] as const,
    list: (filters: Filters) => ["products", "list", filters] as const,
    detail: (id: string) => ["products", "detail", id] as const,
    history: (id: string) => ["products", "history", id] as const,
    choices: () => ["products", "choices"] as const,
    lots: (id: string) => ["products", "lots", id] as const,
  },
  categories: { all: ["categories"] as const },
  movements: {
    all: ["movements"] as const,
    list: (filters: Filters) => ["movements", "list", filters] as const,
  },
  notifications: {
    all: ["notifications"] as const,
    list: () => ["notifications", "list"] as const,
    unread: () => ["notifications", "unread-count"] as const,
  },
  users: {
    all: ["users"] as const,
    list: (filters: Filters) => ["users", "list", filters] as const,
  },
  audit: {
    all: ["audit"] as const,
    list: (filters: Filters) => ["audit", "list", filters] as const,
    seal: () => ["audit", "seal"] as const,
    verification: (id: string) => ["audit", "verification", id] as const,
  },
  cash: {
    all: ["cash"] as const,
    list: (day: string) => ["cash", "list", day] as const,
  },
  reports: {
    all: ["reports"] as const,
    summary: (filters: Filters) => ["reports", "summary", filters] as const,
    receivables: (filters: Filters) => ["reports", "receivables", filters] as const,
    losses: (filters: Filters) => ["reports", "losses", filters] as const,
  },
};
