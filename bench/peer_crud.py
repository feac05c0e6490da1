"""The peer of benchmark (a): a plain FastAPI + SQLAlchemy CRUD endpoint taking the same JSON
body as `POST /api/orders/` and inserting one row in `peer_orders` and one per item in
`peer_order_lines`, in one transaction (SQLAlchemy ORM, psycopg 3, a pool of 10 per process).

What it does not do, and Gapal does: no event log, no read model to wait for, no user lookup
(the JWT's signature and expiry are checked with the same secret, nothing more), no
idempotency, no unique-number claim beyond the table's unique index, and prices come from an
in-memory catalogue (`PEER_CATALOGUE`, JSON `{product_id: [name, unit, price]}`) instead of
the products' state.

    PEER_DATABASE_URL=postgresql://...?schema=s PEER_SECRET=... PEER_CATALOGUE='{...}' \\
      uvicorn bench.peer_crud:app --workers 2
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import jwt
import sqlalchemy as sa
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class OrderRow(Base):
    __tablename__ = "peer_orders"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    order_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    client_name: Mapped[str] = mapped_column(sa.String(200))
    client_phone: Mapped[str] = mapped_column(sa.String(32))
    delivery_address: Mapped[str] = mapped_column(sa.Text)
    delivery_date: Mapped[date | None] = mapped_column(sa.Date)
    delivery_status: Mapped[str] = mapped_column(sa.String(20), index=True)
    payment_status: Mapped[str] = mapped_column(sa.String(20))
    priority: Mapped[str] = mapped_column(sa.String(10))
    total_price: Mapped[int] = mapped_column(sa.BigInteger)
    notes: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    lines: Mapped[list[OrderLineRow]] = relationship(back_populates="order")


class OrderLineRow(Base):
    __tablename__ = "peer_order_lines"

    order_id: Mapped[str] = mapped_column(sa.ForeignKey("peer_orders.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    product_name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(50))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 3))
    unit_price: Mapped[int] = mapped_column(sa.BigInteger)
    subtotal: Mapped[int] = mapped_column(sa.BigInteger)
    order: Mapped[OrderRow] = relationship(back_populates="lines")


def make_engine(url: str, pool_size: int = 10) -> sa.Engine:
    """`postgresql://...?schema=name` as a psycopg 3 engine on that schema."""
    parts = urlsplit(url)
    schema = parse_qs(parts.query).get("schema", [None])[0]
    args: dict[str, Any] = {"options": f"-csearch_path={schema}"} if schema else {}
    return sa.create_engine(f"postgresql+psycopg://{parts.netloc}{parts.path}",
                            pool_size=pool_size, max_overflow=pool_size, connect_args=args)


def create_tables(url: str) -> None:
    """Once, before the server's workers start."""
    schema = parse_qs(urlsplit(url).query).get("schema", [None])[0]
    engine = make_engine(url, pool_size=1)
    with engine.begin() as conn:
        if schema:
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    Base.metadata.create_all(engine)
    engine.dispose()


class ItemIn(BaseModel):
    product_id: uuid.UUID
    quantity: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=3)]


class OrderIn(BaseModel):
    client_name: Annotated[str, Field(min_length=1, max_length=200)]
    client_phone: str | None = None
    delivery_address: str = ""
    delivery_date: date | None = None
    priority: str = "moyenne"
    payment_status: str = "non_payee"
    notes: str = ""
    local_id: uuid.UUID | None = None
    items: Annotated[list[ItemIn], Field(min_length=1, max_length=200)]


ENGINE = make_engine(os.environ["PEER_DATABASE_URL"]) if "PEER_DATABASE_URL" in os.environ \
    else None
SECRET = os.environ.get("PEER_SECRET", "")
CATALOGUE: dict[str, list[Any]] = json.loads(os.environ.get("PEER_CATALOGUE", "{}"))
app = FastAPI(title="Peer CRUD")


def user_of(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"],
                            options={"require": ["exp", "sub"]})
    except jwt.PyJWTError:
        raise HTTPException(401, "Jeton invalide.") from None
    if scheme.lower() != "bearer" or claims.get("typ") != "access":
        raise HTTPException(401, "Jeton invalide.")
    return str(claims["sub"])


@app.get("/api/health/")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/orders/", status_code=201)
def create_order(body: OrderIn, authorization: Annotated[str | None, Header()] = None,
                 ) -> dict[str, Any]:
    user_id = user_of(authorization)
    now = datetime.now(UTC)
    order_id = str(uuid.uuid4())
    lines = []
    for n, item in enumerate(body.items):
        product = CATALOGUE.get(str(item.product_id))
        if product is None:
            raise HTTPException(400, f"Produit inconnu : {item.product_id}.")
        name, unit, price = product
        lines.append(OrderLineRow(line_no=n, product_id=str(item.product_id), product_name=name,
                                  unit=unit, quantity=item.quantity, unit_price=price,
                                  subtotal=int((item.quantity * price).to_integral_value())))
    order = OrderRow(
        id=order_id, order_number=f"{now:%y%m%d}-{order_id[:13].upper()}",
        client_name=body.client_name, client_phone=body.client_phone or "",
        delivery_address=body.delivery_address, delivery_date=body.delivery_date,
        delivery_status="nouvelle", payment_status=body.payment_status,
        priority=body.priority, total_price=sum(line.subtotal for line in lines),
        notes=body.notes, created_by=user_id, created_at=now, lines=lines)
    assert ENGINE is not None, "PEER_DATABASE_URL is not set"
    with Session(ENGINE, expire_on_commit=False) as session, session.begin():
        session.add(order)
    return {
        "id": order.id, "order_number": order.order_number, "client_name": order.client_name,
        "client_phone": order.client_phone, "delivery_address": order.delivery_address,
        "delivery_date": order.delivery_date, "delivery_status": order.delivery_status,
        "payment_status": order.payment_status, "priority": order.priority,
        "total_price": order.total_price, "notes": order.notes,
        "items": [{"product_id": line.product_id, "product_name": line.product_name,
                   "unit": line.unit, "quantity": float(line.quantity),
                   "unit_price": line.unit_price, "subtotal": line.subtotal}
                  for line in lines],
        "created_by": order.created_by, "created_at": order.created_at, "version": 1,
    }
