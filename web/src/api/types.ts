/** Short names for the generated schema's types. */
import type { components, operations } from "./schema";

type Schemas = components["schemas"];
export type Order = Schemas["OrderPublic"];
export type OrderItem = Schemas["OrderItemPublic"];
export type Product = Schemas["ProductPublic"];
export type ProductCreate = Schemas["ProductCreate"];
export type ProductUpdate = Schemas["ProductUpdate"];
export type Category = Schemas["CategoryPublic"];
export type Movement = Schemas["MovementPublic"];
export type MovementType = Schemas["MovementType"];
export type Notification = Schemas["NotificationPublic"];
export type User = Schemas["UserPublic"];
export type UserCreate = Schemas["UserCreate"];
export type Role = Schemas["Role"];
export type AuditEvent = Schemas["EventPublic"];
export type DeliveryStatus = Schemas["DeliveryStatus"];
export type PaymentStatus = Schemas["PaymentStatus"];
export type Priority = Schemas["Priority"];
export type ReportSummary = Schemas["ReportSummaryPublic"];
export type Receivables = Schemas["ReceivablesPublic"];
export type Receivable = Schemas["ReceivablePublic"];
export type VoiceNote = Schemas["VoiceNotePublic"];
export type ReportFilters = NonNullable<operations["reportSummary"]["parameters"]["query"]>;
export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };
