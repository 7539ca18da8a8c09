"""Read the public labelled sets in the shared data folder, split as each SOURCE.md says.

Only the CounselChat `train` split (MIT licence) may train what we ship; every other reader
here is for evaluation alone: the hidden splits for `crossroads evaluate`, and SDCNL's
training posts for the hand-label audit of its labels (benchmarks/sdcnl_label_noise.py). The
files are read in place from the folder given on the command line; nothing is copied into the
project.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crossroads.kernel.errors import InvalidInput

COUNSELCHAT = Path("counselchat") / "20200325_counsel_chat.csv"
SDCNL_TRAIN = Path("sdcnl") / "training-set.csv"
SDCNL_TEST = Path("sdcnl") / "testing-set.csv"
CSSRS = Path("cssrs-reddit-gaur2019") / "500_Reddit_users_posts_labels.csv"
RESOLUTIONS = Path("newyears-resolutions") / "New-years-resolutions-DFE.csv"

SDCNL_NO_BODY = "emptypost"
CSSRS_AT_RISK = frozenset({"Ideation", "Behavior", "Attempt"})
CSSRS_SUPPORTIVE = "Supportive"
GOAL_CATEGORIES = frozenset(
    {
        "Career",
        "Finance",
        "Education/Training",
        "Time Management/Organization",
        "Health & Fitness",
        "Personal Growth",
    }
)


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    id: str = ""  # the data set's own id, where it has one (CounselChat's questionID)


def counselchat_questions(data_dir: Path, *, hidden: bool) -> list[Labelled]:
    """One text (title and body) per unique question, labelled with its topic; `hidden`
    picks the published val and test splits, otherwise the train split."""
    wanted = {"val", "test"} if hidden else {"train"}
    seen: dict[str, Labelled] = {}
    for row in _rows(data_dir / COUNSELCHAT):
        if row["split"] in wanted and row["questionID"] not in seen:
            text = _joined(row["questionTitle"], row["questionText"])
            seen[row["questionID"]] = Labelled(text, row["topic"], row["questionID"])
    return list(seen.values())


def sdcnl_hidden(data_dir: Path) -> list[Labelled]:
    """The published test set, labelled `suicidewatch` or `depression` by subreddit, less any
    post (title and body together) that also appears in the training set. Title-only posts
    carry the body "emptypost"; they are read as their title alone, and sharing that
    placeholder does not make two posts the same."""
    training = {_post(row) for row in _rows(data_dir / SDCNL_TRAIN)}
    posts = []
    for row in _rows(data_dir / SDCNL_TEST):
        text = _post(row)
        if text not in training:
            label = "suicidewatch" if row["is_suicide"] == "1" else "depression"
            posts.append(Labelled(text, label))
    return posts


@dataclass(frozen=True)
class SdcnlPost:
    """A post of SDCNL's training split: Reddit's id for it, its subreddit and its words."""

    post_id: str
    subreddit: str  # "suicidewatch" or "depression"
    text: str


def sdcnl_training_posts(data_dir: Path) -> list[SdcnlPost]:
    """Every training post in file order, read as the hidden ones are; evaluation only."""
    return [
        SdcnlPost(_reddit_id(row["url"]), _SUBREDDITS[row["is_suicide"]], _post(row))
        for row in _rows(data_dir / SDCNL_TRAIN)
    ]


_SUBREDDITS = {"1": "suicidewatch", "0": "depression"}  # SDCNL's `is_suicide`
_REDDIT_ID = re.compile(r"/comments/([a-z0-9]+)/")


def _reddit_id(url: str) -> str:
    found = _REDDIT_ID.search(url)
    if found is None:
        raise InvalidInput("data-dir", f"{url} is not a Reddit post's address")
    return found.group(1)


def _post(row: dict[str, str]) -> str:
    body = row["selftext"].strip()
    return _joined(row["title"], "" if body == SDCNL_NO_BODY else body)


def cssrs_hidden(data_dir: Path) -> list[Labelled]:
    """Users whose number is divisible by five: each user's posts as one text, one post a
    line, labelled with the clinicians' severity level."""
    users = []
    for row in _rows(data_dir / CSSRS):
        if int(row["User"].removeprefix("user-")) % 5 == 0:
            users.append(Labelled(_posts(row["Post"]), row["Label"]))
    return users


def resolutions_hidden(data_dir: Path) -> list[Labelled]:
    """Rows at 0-based positions divisible by five, labelled with their coarse category."""
    rows = _rows(data_dir / RESOLUTIONS, encoding="latin-1")
    return [
        Labelled(row["text"], row["Resolution_Category"])
        for position, row in enumerate(rows)
        if position % 5 == 0
    ]


def _rows(path: Path, encoding: str = "utf-8") -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise InvalidInput("data-dir", f"{path} is missing: give the shared data folder")
    with path.open(encoding=encoding, newline="") as handle:
        yield from csv.DictReader(handle)


def _joined(title: str, body: str) -> str:
    return "\n".join(part.strip() for part in (title, body) if part and part.strip())


_POST_BREAK = re.compile(r"""['"],\s*['"]""")


def _posts(cell: str) -> str:
    """The authors stored a user's posts as a Python-list-like string that does not always
    parse; cutting at the item separators recovers the posts well enough to read."""
    inner = cell.strip().removeprefix("[").removesuffix("]").strip().strip("'\"")
    return "\n".join(post.strip() for post in _POST_BREAK.split(inner) if post.strip())
