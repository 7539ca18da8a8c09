"""Message threads and their messages, with every query on them. A message's text is sealed
under the client's key: what a client and their practitioner write to each other is the
client's data, and goes with their account. When the practitioner's account goes, the thread
stays for the client with no one on the other side."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class ThreadRow(Base):
    """The one thread between a client and a practitioner; `opened_by` says what first let
    them write (a booking, a grant, a referral, the care team or an enquiry)."""

    __tablename__ = "message_threads"
    __table_args__ = (UniqueConstraint("client_id", "practitioner_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practitioner_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    opened_by: Mapped[str] = mapped_column(String(16))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread_sent", "thread_id", "sent_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("message_threads.id", ondelete="CASCADE"))
    from_client: Mapped[bool] = mapped_column(Boolean)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # by the other side
    sealed: Mapped[str] = mapped_column(Text)  # the text and its risk screen, client's key
