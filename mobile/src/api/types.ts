/** Names for the generated OpenAPI types (src/api/schema.d.ts, from `npm run generate:api`). */
import type { components } from './schema';

type Schemas = components['schemas'];
export type User = Schemas['UserPublic'];
export type Product = Schemas['ProductPublic'];
export type ServerOrder = Schemas['OrderPublic'];
export type SyncIn = Schemas['SyncIn'];
export type SyncOut = Schemas['SyncOut'];
/** One event of `POST /api/orders/sync/`: one of five kinds, told apart by `type`, each with its own `data`. */
export type SyncEvent = Schemas['SyncEventIn'];
export type OrderData = Schemas['SyncData'];
export type CustomerData = Schemas['CustomerSyncData'];
export type PaymentData = Schemas['SyncPaymentData'];
export type ReturnData = Schemas['SyncReturnData'];
export type SyncResult = Schemas['SyncResultOut'];
export type Conflict = Schemas['ConflictOut'];
export type VoiceNote = Schemas['VoiceNotePublic'];
export type Priority = Schemas['Priority'];
export type PaymentStatus = Schemas['PaymentStatus'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type CustomerBrief = Schemas['CustomerBrief'];
export type PaymentMethod = Schemas['PaymentMethod'];
