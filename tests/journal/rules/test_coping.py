"""The kinds of coping: each described, split into adaptive and maladaptive, and read from the
free-text classifier's labels."""

import pytest

from crossroads.journal.rules.coping import (
    ADAPTIVE,
    CLASSIFIER_LABELS,
    COPING,
    LABEL_OF,
    LISTED,
    MALADAPTIVE,
    CopingKind,
    coping_kind,
    from_classifier,
    is_maladaptive,
)
from crossroads.kernel.errors import InvalidInput


def test_every_kind_has_a_name_and_a_description() -> None:
    assert set(COPING) == set(CopingKind)
    assert all(info.name and info.description for info in COPING.values())


def test_adaptive_and_maladaptive_kinds_split_every_kind_between_them() -> None:
    assert set(CopingKind) == ADAPTIVE | MALADAPTIVE
    assert not ADAPTIVE & MALADAPTIVE


def test_the_maladaptive_kinds_are_the_four_that_cost_more_later() -> None:
    assert {
        CopingKind.AVOIDANCE,
        CopingKind.SUBSTANCE,
        CopingKind.OVERWORK,
        CopingKind.PEOPLE_PLEASING,
    } == MALADAPTIVE


@pytest.mark.parametrize("kind", list(CopingKind))
def test_is_maladaptive_agrees_with_the_split(kind: CopingKind) -> None:
    assert is_maladaptive(kind) is (kind in MALADAPTIVE)


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("adaptive", CopingKind.OWN_WAY),  # the classifier does not say which healthy way
        ("avoidance", CopingKind.AVOIDANCE),
        ("substance", CopingKind.SUBSTANCE),
        ("overwork", CopingKind.OVERWORK),
        ("people_pleasing", CopingKind.PEOPLE_PLEASING),
    ],
)
def test_each_classifier_label_stands_for_one_kind(label: str, kind: CopingKind) -> None:
    assert from_classifier(label) is kind
    assert LABEL_OF[kind] == label


def test_the_classifier_has_exactly_five_labels() -> None:
    assert len(CLASSIFIER_LABELS) == 5


def test_the_list_offers_every_kind_but_the_persons_own_way() -> None:
    assert CopingKind.OWN_WAY not in LISTED
    assert set(LISTED) == set(CopingKind) - {CopingKind.OWN_WAY}
    assert len(LISTED) == len(set(LISTED))


@pytest.mark.parametrize(
    ("value", "kind"), [("rest", CopingKind.REST), (" support ", CopingKind.SUPPORT)]
)
def test_a_listed_kind_is_read_from_its_value(value: str, kind: CopingKind) -> None:
    assert coping_kind(value) is kind


@pytest.mark.parametrize("value", ["", "Rest", "drinking"])
def test_an_unknown_kind_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        coping_kind(value, "own_coping_kind")

    assert refused.value.field == "own_coping_kind"
