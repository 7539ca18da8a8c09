"""The mails an account receives about itself: its sign-up link, a note that someone tried to
sign up with its address, and a password reset link."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import PersonRow


def mail_welcome(session: Session, row: PersonRow, link: str, now: datetime) -> None:
    queue_message(
        session,
        recipient=row.email,
        subject="Finish creating your Crossroads account",
        body=(
            f"Hello {row.display_name},\n\n"
            "To finish creating your Crossroads account, open this link within two days:\n\n"
            f"{link}\n\n"
            "If you didn't sign up, you can ignore this message; nothing opens without the "
            "link.\n"
        ),
        now=now,
    )


def mail_someone_tried(session: Session, row: PersonRow, public_url: str, now: datetime) -> None:
    queue_message(
        session,
        recipient=row.email,
        subject="Someone tried to sign up with your address",
        body=(
            f"Hello {row.display_name},\n\n"
            "Someone just tried to create a Crossroads account with this email address, which "
            "already has one. Nothing about your account has changed.\n\n"
            f"If it was you, sign in at {public_url}/sign-in. If you've forgotten your password, "
            f"you can choose a new one at {public_url}/password-reset.\n\n"
            "If it wasn't you, you can ignore this message.\n"
        ),
        now=now,
    )


def mail_reset_link(session: Session, row: PersonRow, link: str, now: datetime) -> None:
    queue_message(
        session,
        recipient=row.email,
        subject="Reset your Crossroads password",
        body=(
            f"Hello {row.display_name},\n\n"
            "Someone asked to reset the password of your Crossroads account. If it was you, "
            f"open this link within an hour:\n\n{link}\n\n"
            "Choosing a new password signs you out everywhere else and turns off your API and "
            "calendar links.\n\n"
            "If it wasn't you, you can ignore this message; your password stays as it is.\n"
        ),
        now=now,
    )
