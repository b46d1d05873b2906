"""Reproduce an election's count from its published ballots file.

    election_count SLUG --from-ballots FILE

FILE is the JSON published at /<lang>/elections/SLUG/ballots.json. The count
runs the portal's own rules (forums/elections/counting.py) on the file alone;
the rules and seed come from the file, and the result is compared with the
one the portal published for SLUG when it knows the election.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from forums.elections import counting
from forums.models import Election


class Command(BaseCommand):
    help = "Count an election again from its published ballots (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--from-ballots", dest="path", required=True, metavar="FILE")

    def handle(self, *args, slug, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if not isinstance(data, dict) or data.get("election") != slug:
            raise CommandError(f"{path} is not the ballots file of {slug!r}.")
        try:
            rules = counting.Rules(
                seats={k: int(v) for k, v in data["rules"]["seats"].items()},
                min_per_region=int(data["rules"]["min_seats_per_region"]),
                one_seat_per_ngo=bool(data["rules"]["one_seat_per_ngo"]),
            )
            candidates = {
                c["code"]: counting.Candidate(
                    code=c["code"], kind=c["seat"], region=c["region"], partner=c["partner"]
                )
                for c in data["candidates"]
            }
            if "ballots" in data:
                votes = counting.tally_ballots(
                    [b["choices"] for b in data["ballots"]], candidates=candidates, rules=rules
                )
                source = f"{len(data['ballots'])} ballots"
            else:
                votes = {code: int(n) for code, n in data["paper_count"]["votes"].items()}
                source = f"paper count of {data['paper_count']['ballots_cast']} ballots"
            seed = str(data["tie_seed"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CommandError(f"{path} is not a valid ballots file: {error}") from error
        outcome = counting.count(
            candidates=list(candidates.values()), votes=votes, rules=rules, seed=seed
        )
        self.stdout.write(f"{slug}: {source}")
        for kind, placed_list in outcome.lists.items():
            self.stdout.write(f"\n{kind}")
            for placed in placed_list:
                flags = [
                    flag
                    for flag, on in (
                        ("elected", placed.elected),
                        ("regional rule", placed.by_regional_rule),
                        ("by lot", placed.by_lot),
                    )
                    if on
                ]
                self.stdout.write(
                    f"  {placed.rank:>3}. {placed.candidate.code:<50} {placed.votes:>6}"
                    f"  {', '.join(flags)}"
                )
        for region in outcome.regions_short:
            self.stdout.write(f"\nNo candidate could give the region {region} its seat.")
        self._compare(slug, outcome)

    def _compare(self, slug, outcome):
        election = Election.objects.filter(slug=slug).first()
        if election is None or not election.is_counted:
            return
        published = {
            c.code for c in election.candidatures.filter(elected=True).select_related("partner")
        }
        if published == outcome.elected_codes():
            self.stdout.write(self.style.SUCCESS("\nSame result as the one published."))
        else:
            raise CommandError("The result differs from the one published.")
