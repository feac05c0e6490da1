"""Response bodies of `GET /api/reports/summary/`, for the dashboard's charts."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from api.schemas import Quantity


class DayFiguresPublic(BaseModel):
    date: dt.date
    orders: int = Field(description="Commandes créées ce jour-là")
    revenue: int = Field(description="Montant des commandes livrées créées ce jour-là (FCFA)")


class ProductFiguresPublic(BaseModel):
    product_id: str
    name: str
    quantity: Quantity = Field(description="Quantité commandée (commandes annulées exclues)")
    revenue: int = Field(description="Montant commandé en FCFA (commandes annulées exclues)")


class KindFiguresPublic(BaseModel):
    kind: str = Field(description="Type de client (son type aujourd'hui), ou `sans_client`")
    orders: int = Field(description="Commandes de ces clients")
    revenue: int = Field(description="Montant des commandes livrées de ces clients (FCFA)")


class DebtorPublic(BaseModel):
    customer_id: str
    name: str
    balance: int = Field(description="Reste dû de ses commandes non annulées (FCFA)")
    oldest_debt_at: dt.datetime | None = Field(
        description="Création de sa plus ancienne commande encore due")


class ReportSummaryPublic(BaseModel):
    orders_count: int
    revenue_total: int = Field(description="Montant des commandes livrées (FCFA)")
    paid_total: int = Field(description="Argent reçu (FCFA) : somme des paiements, partiels "
                            "compris, commandes annulées comprises")
    paid_cancelled: int = Field(description="Dont commandes annulées (payées, à rembourser)")
    unpaid_total: int = Field(description="Reste dû (FCFA) des commandes non annulées")
    by_status: dict[str, int] = Field(description="Nombre de commandes par statut de livraison, "
                                                  "chaque statut présent (0 si aucune)")
    by_day: list[DayFiguresPublic] = Field(description="Par jour de création, les jours sans "
                                                       "commande à 0")
    top_products: list[ProductFiguresPublic] = Field(description="Meilleures ventes par montant")
    by_customer_kind: list[KindFiguresPublic] = Field(description=(
        "Chiffre d'affaires par type de client : chaque type (0 compris), puis `sans_client`"))
    receivables_total: int = Field(description=(
        "Total dû aujourd'hui (FCFA) : reste dû de toutes les commandes non annulées, avec ou "
        "sans client, quelle que soit la période"))
    top_debtors: list[DebtorPublic] = Field(description=(
        "Les 5 clients qui doivent le plus, quelle que soit la période"))


class ReceivableBuckets(BaseModel):
    days_0_7: int = Field(description="Dû sur des commandes de 0 à 7 jours (FCFA)")
    days_8_30: int = Field(description="Dû sur des commandes de 8 à 30 jours")
    days_31_60: int = Field(description="Dû sur des commandes de 31 à 60 jours")
    days_over_60: int = Field(description="Dû sur des commandes de plus de 60 jours")


class ReceivablePublic(ReceivableBuckets):
    customer_id: str | None = Field(description="null : la ligne « Sans client »")
    name: str
    phone: str
    kind: str | None
    credit_limit: int | None = Field(description="Plafond de crédit (FCFA) ; null sans client")
    balance: int = Field(description="Reste dû (FCFA)")
    over_limit: bool = Field(description="Solde au-dessus du plafond de crédit")
    oldest_debt_at: dt.datetime | None
    orders_count: int = Field(description="Commandes encore dues")


class ReceivablesPublic(BaseModel):
    as_of: dt.date = Field(description="Jour auquel l'âge des dettes est compté")
    results: list[ReceivablePublic] = Field(description="Un client par ligne, plus gros solde "
                                                        "d'abord")
    no_customer: ReceivablePublic | None = Field(description=(
        "Commandes sans client encore dues (absente si rien ou si `kind`/`over_limit` filtre)"))
    totals: ReceivableBuckets
    balance_total: int = Field(description="Somme des soldes des lignes (sans client compris)")


class StatementEntryPublic(BaseModel):
    at: dt.datetime
    kind: str = Field(description="`order` (débit : total), `payment` (crédit), "
                      "`cancellation` (commande annulée : son reste dû repris), `marked_paid` "
                      "(commande marquée payée avant l'enregistrement des paiements)")
    order_id: str
    order_number: str
    debit: int
    credit: int
    balance: int = Field(description="Solde après cette ligne")
    method: str | None
    reference: str | None
    delivery_status: str | None


class StatementPublic(BaseModel):
    customer_id: str
    name: str
    phone: str
    kind: str
    credit_limit: int
    date_from: dt.date | None
    date_to: dt.date | None
    opening_balance: int = Field(description="Solde au début de `date_from`")
    closing_balance: int = Field(description="Solde à la fin de `date_to`")
    total_debit: int
    total_credit: int
    entries: list[StatementEntryPublic]
