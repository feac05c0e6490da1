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
