"""Topic rules: market-moving information, politics, internal turmoil, paid promotion, dismissive replies, stereotypes.

Each example is written for this test, in the style of the incidents the rules
were built from; the real posts are in real_world.yaml.
"""

from __future__ import annotations

import pytest

from socialu.policycheck import RuleSetError, Severity, load_rule_set
from tests.policycheck.support import found, rule_ids, run


@pytest.mark.parametrize(
    "text",
    [
        "Thinking of taking Kestrel private at $40 a share. The money is there.",
        "Funding secured for the buyout, more soon",
        "Even if we're private you can all keep your stake",
        "Honestly our share price is too low right now",
        "I still think we should buy them. Let's talk on Monday.",
    ],
)
def test_market_moving_posts_are_blocked_from_personal_accounts(text: str) -> None:
    result = run(text, account_kind="personal")
    assert "financial-market-moving" in rule_ids(result)
    assert result.verdict.value == "block"


def test_market_moving_posts_from_an_official_account_only_warn() -> None:
    result = run("Our share price reflects a great year.", account_kind="official")
    assert [f.severity for f in result.findings if f.rule_id == "financial-market-moving"] == [Severity.WARN]


@pytest.mark.parametrize(
    "text",
    [
        "We will make around 80k jackets this year",
        "Deliveries for the quarter still expected to be about 12k",
        "Our app just passed 1 million users for the first time",
    ],
)
def test_unpublished_figures_get_a_second_look(text: str) -> None:
    assert "financial-results" in rule_ids(run(text, account_kind="personal"))


@pytest.mark.parametrize(
    "text",
    [
        "I'll leave the numbers to our annual results next month.",
        "We should buy them a drink after the race",
        "Private lessons are available at our climbing wall",
    ],
)
def test_talking_about_results_or_buying_rounds_is_not_market_moving(text: str) -> None:
    assert not rule_ids(run(text, account_kind="personal")) & {"financial-market-moving", "financial-results"}


def test_politics_warns_on_official_accounts_and_only_notes_it_on_personal_ones() -> None:
    text = "The president has no idea what he is doing."
    official = run(text, account_kind="official")
    personal = run(text, account_kind="personal")
    assert [f.severity for f in official.findings if f.rule_id == "politics-public-figures"] == [Severity.WARN]
    assert [f.severity for f in personal.findings if f.rule_id == "politics-public-figures"] == [Severity.INFO]


def test_an_insult_to_a_public_figure_is_hostile_as_well_as_political() -> None:
    result = run("What a disgusting excuse of a president", account_kind="official")
    assert {"politics-public-figures", "tone-hostile"} <= rule_ids(result)


@pytest.mark.parametrize(
    ("text", "account", "severity"),
    [
        ("We're all being fired! Live from HR.", "official", Severity.BLOCK),
        ("Half the warehouse got laid off this morning", "personal", Severity.WARN),
        ("The company I love is being run into the ground", "official", Severity.BLOCK),
    ],
)
def test_layoffs_and_internal_turmoil_are_stopped_hardest_on_official_accounts(
    text: str, account: str, severity: Severity
) -> None:
    result = run(text, account_kind=account)
    assert max(f.severity.rank for f in result.findings if f.category == "internal") == severity.rank


def test_being_fired_up_is_not_being_fired() -> None:
    assert not [
        f
        for f in run("The whole team is fired up for the summit", account_kind="official").findings
        if f.category == "internal"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Use code SAM20 for 20% off my favourite boots!",
        "Loving these poles (gifted) from @alpinegear",
        "So proud to be a #TrailAmbassador this year",
        "Check out the website for the full range @alpinegear",
    ],
)
def test_paid_promotion_without_an_ad_label_is_flagged_on_personal_accounts(text: str) -> None:
    result = run(text, account_kind="personal")
    assert found(result, "undisclosed-promotion")
    assert all(f.category == "disclosure" for f in result.findings if f.rule_id == "undisclosed-promotion")


@pytest.mark.parametrize(
    "text",
    [
        "#ad Use code SAM20 for 20% off my favourite boots!",
        "Ad: Loving these poles (gifted) from @alpinegear",
        "Paid partnership with @alpinegear: use code SAM20",
        "I work at Kestrel: use code STAFF10 at the shop",
    ],
)
def test_a_labelled_or_employee_disclosed_promotion_passes(text: str) -> None:
    assert not found(run(text, account_kind="personal"), "undisclosed-promotion")


def test_an_official_accounts_own_offer_is_not_undisclosed_promotion() -> None:
    assert not found(run("Use code WINTER20 for 20% off tents", account_kind="official"), "undisclosed-promotion")


@pytest.mark.parametrize(
    "text",
    ["If you don't like it, take your business elsewhere.", "Comments like this will be deleted.", "Get over it."],
)
def test_an_official_reply_that_brushes_a_customer_off_warns(text: str) -> None:
    assert found(run(text, account_kind="official"), "tone-dismissive-reply")
    assert not found(run(text, account_kind="personal"), "tone-dismissive-reply")


@pytest.mark.parametrize(
    "text",
    [
        "Women belong in the kitchen, obviously.",
        "Off to the clinic. Hope I don't get cancer. Just kidding!",
        "Immigrants can't drive, right?",
    ],
)
def test_jokes_and_generalisations_about_groups_are_flagged(text: str) -> None:
    assert found(run(text, account_kind="personal"), "tone-stereotype")


def test_talking_about_women_in_work_is_not_a_stereotype() -> None:
    text = "Only 20% of chefs are women: our scholarship for women chefs changes that."
    assert not found(run(text, account_kind="official"), "tone-stereotype")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("RIP to a legend, you'll always have the best jackets", "sensitive-event-official"),
        ("Boots on the ground or not, don't forget our new boots", "sensitive-event-official"),
    ],
)
def test_an_official_account_mentioning_a_death_or_war_gets_a_warning(text: str, rule: str) -> None:
    assert rule in rule_ids(run(text, account_kind="official"))
    assert rule not in rule_ids(run(text, account_kind="personal"))


def test_a_store_helping_in_a_flood_is_only_a_reminder() -> None:
    result = run(
        "Our thoughts are with everyone affected by the flooding. Our store is open to rest.", account_kind="official"
    )
    assert {f.severity for f in result.findings if f.category == "sensitive_events"} == {Severity.INFO}


def test_a_topic_rule_needs_something_to_look_for() -> None:
    with pytest.raises(RuleSetError, match=r"rules.politics\[0\].phrases: list at least one phrase or pattern"):
        load_rule_set({"rules": {"politics": [{"id": "p", "severity": "warn", "message": "m", "fix": "f"}]}})


def test_a_topic_rule_can_require_a_second_word_and_be_lifted_by_a_third() -> None:
    rules = load_rule_set(
        {
            "rules": {
                "internal": [
                    {
                        "id": "codename",
                        "severity": "block",
                        "message": "m",
                        "fix": "f",
                        "phrases": ["Osprey"],
                        "with_phrases": ["launch"],
                        "unless_phrases": ["announced today"],
                    }
                ]
            }
        }
    )
    assert found(run("Osprey launch is close", rules=rules), "codename") == ["Osprey"]
    assert found(run("Osprey is close", rules=rules), "codename") == []
    assert found(run("Osprey launch announced today", rules=rules), "codename") == []


# Second round: rules for the classes the held-out real posts showed were missed, each tested on examples
# written here (not the real posts).


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Today is my last day at Kestrel and honestly I'm out of here", "my last day"),
        ("Our manager is a tyrant, everyone knows it", "Our manager is a tyrant"),
        ("Can't wait to get out of this place on Friday", "Can't wait to get out"),
        ("I quit. Enough.", "I quit"),
    ],
)
def test_venting_about_the_workplace_is_blocked_from_the_official_account(text: str, excerpt: str) -> None:
    result = run(text, account_kind="official")
    assert excerpt in found(result, "internal-venting")
    assert result.verdict.value == "block"


def test_venting_about_the_workplace_from_a_personal_account_warns() -> None:
    result = run("Handed in my notice today, the boss is a nightmare", account_kind="personal")
    assert {f.severity for f in result.findings if f.rule_id == "internal-venting"} == {Severity.WARN}


@pytest.mark.parametrize(
    "text",
    [
        "Board meeting this morning, fingers crossed",
        "Prepping for the earnings call tomorrow",
        "Record quarter for us, can't say more yet",
        "Weak sales figures again, the board won't like it",
    ],
)
def test_results_and_board_meetings_reported_as_they_happen_are_flagged(text: str) -> None:
    result = run(text, account_kind="personal")
    assert rule_ids(result) & {"internal-live", "financial-results"}
    assert result.verdict.value != "pass"


@pytest.mark.parametrize(
    "text", ["The Home Secretary should be ashamed", "Asylum seekers deserve better", "Deportation flights must stop"]
)
def test_migration_and_officeholders_are_politics_from_an_official_account(text: str) -> None:
    result = run(text, account_kind="official")
    assert rule_ids(result) & {"politics-public-figures", "politics-issues"}
    assert result.verdict.value == "warn"


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("@sam_k how rude of you to say that", "rude of you"),
        ("Honestly that man is a disgrace", "that man is a disgrace"),
        ("and they call that service? that's a joke", "that's a joke"),
    ],
)
def test_judging_the_person_replied_to_is_hostile(text: str, excerpt: str) -> None:
    assert excerpt in found(run(text), "tone-hostile")


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Please get off our website for an hour, it keeps crashing", "get off our website"),
        ("We warned you the sale would sell out", "We warned you"),
        ("If you can't read the delivery times that's on you", "can't read"),
    ],
)
def test_official_replies_that_send_customers_away_or_mock_them_are_dismissive(text: str, excerpt: str) -> None:
    assert excerpt in found(run(text, account_kind="official"), "tone-dismissive-reply")


@pytest.mark.parametrize(
    "text", ["Throw like a girl? Watch her.", "Time to man up and get the tent pitched", "Think like a man"]
)
def test_gender_idioms_that_tell_people_how_to_be_are_stereotypes(text: str) -> None:
    assert "tone-stereotype" in rule_ids(run(text))


@pytest.mark.parametrize(
    "text", ["Our manager is brilliant, a real boss", "We'll tell you when the sale starts", "She can read a map"]
)
def test_ordinary_sentences_near_the_new_rules_pass(text: str) -> None:
    assert run(text, account_kind="official").verdict.value == "pass"
