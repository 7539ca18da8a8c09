"""What an admin may do: see and manage accounts, never read what is in them."""

from sqlalchemy.orm import Session

from crossroads.kernel.errors import InvalidInput, NotAllowed, NotFound
from crossroads.kernel.people import Person, Role
from crossroads.ops.privacy import delete_person
from crossroads.platform import person_rows as people
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person
from crossroads.security.encryption import MasterKeys


def list_accounts(session: Session, admin: Person) -> list[Person]:
    _require_admin(admin)
    return [as_person(row) for row in people.list_people(session)]


def change_role(session: Session, admin: Person, person_id: str, role: str) -> Person:
    _require_admin(admin)
    try:
        new_role = Role(role)
    except ValueError:
        raise InvalidInput("role", "must be client, practitioner or admin") from None
    row = _row(session, person_id)
    if row.id == admin.id and new_role is not Role.ADMIN and _last_admin(session):
        raise InvalidInput("role", "the last admin cannot stop being an admin")
    record_access(
        session, actor=admin.label, subject_id=row.id, action="change", target=f"role to {role}"
    )
    row.role = str(new_role)
    return as_person(row)


def delete_account(
    session: Session, master_keys: MasterKeys, admin: Person, person_id: str
) -> None:
    _require_admin(admin)
    row = _row(session, person_id)
    if row.id == admin.id:
        raise InvalidInput("person", "delete your own account from your account page")
    delete_person(session, master_keys, as_person(row), actor=admin.label)


def _last_admin(session: Session) -> bool:
    return people.count_people_with_role(session, str(Role.ADMIN)) <= 1


def _require_admin(person: Person) -> None:
    if person.role is not Role.ADMIN:
        raise NotAllowed("only admins manage accounts")


def _row(session: Session, person_id: str) -> people.PersonRow:
    row = people.find_person(session, person_id)
    if row is None:
        raise NotFound(f"no account with id {person_id}")
    return row
