"""Users (admin): list, create, read, revise, deactivate, unlock their sign-in."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.common import ExactNumbersRoute, Paging, found, paginated
from api.consistency import ReadYourWritesDep
from api.deps import LoginAttemptsDep, UserDirectoryDep, UsersDep
from api.schemas import PageOf, UserCreate, UserPublic, UserUpdate
from api.security import CurrentActor, TokensDep
from application.users import NewUser
from domain.values import Role
from projections.queries.users import UserFilters, UserRow

router = APIRouter(prefix="/api/users", tags=["Utilisateurs"], route_class=ExactNumbersRoute)


@router.get("/", response_model=PageOf[UserPublic], operation_id="listUsers")
def list_users(
    request: Request, actor: CurrentActor, directory: UserDirectoryDep, paging: Paging,
    role: Role | None = None, is_active: bool | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    page = directory.list(actor, paging, UserFilters(role, is_active, search))
    return paginated(request, page, paging, page.results)


@router.post("/", response_model=UserPublic, status_code=201, operation_id="createUser")
def create_user(body: UserCreate, actor: CurrentActor, users: UsersDep,
                settle: ReadYourWritesDep, directory: UserDirectoryDep) -> UserRow:
    written = settle(users.register(actor, NewUser(
        body.username, body.email, body.password, body.role, body.phone)))
    return found(directory.get(actor, written.id))


@router.get("/{user_id}/", response_model=UserPublic, operation_id="getUser")
def get_user(user_id: UUID, actor: CurrentActor, directory: UserDirectoryDep) -> UserRow:
    return found(directory.get(actor, user_id), "Utilisateur")


@router.put("/{user_id}/", response_model=UserPublic, operation_id="replaceUser")
@router.patch("/{user_id}/", response_model=UserPublic, operation_id="updateUser")
def update_user(user_id: UUID, body: UserUpdate, actor: CurrentActor, users: UsersDep,
                settle: ReadYourWritesDep, directory: UserDirectoryDep,
                tokens: TokensDep) -> UserRow:
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    settle(users.revise(actor, user_id, changes, body.version))
    if changes.get("is_active") is False:
        tokens.sessions.revoke_all(str(user_id))
    return found(directory.get(actor, user_id), "Utilisateur")


@router.delete("/{user_id}/", response_model=UserPublic, operation_id="deactivateUser")
def deactivate_user(user_id: UUID, actor: CurrentActor, users: UsersDep,
                    settle: ReadYourWritesDep, directory: UserDirectoryDep,
                    tokens: TokensDep) -> UserRow:
    settle(users.deactivate(actor, user_id))
    tokens.sessions.revoke_all(str(user_id))
    return found(directory.get(actor, user_id), "Utilisateur")


@router.post("/{user_id}/unlock/", response_model=UserPublic, operation_id="unlockUser")
def unlock_user(user_id: UUID, actor: CurrentActor, users: UsersDep,
                settle: ReadYourWritesDep, directory: UserDirectoryDep,
                attempts: LoginAttemptsDep) -> UserRow:
    """Lifts the throttling of this user's failed sign-ins, from every address (audited)."""
    settle(users.unlock_sign_in(actor, user_id))
    user = found(directory.get(actor, user_id), "Utilisateur")
    attempts.clear(user["username"])
    return user
