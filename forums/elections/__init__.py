"""Elections of the NGO-UNESCO Liaison Committee and the Conference's Chairperson.

models: forums/models/elections.py; the count: counting.py (pure, also run by
`manage.py election_count`); writes: services.py; reads: selectors.py; who may
do what: permissions.py; docs/elections.md explains the rules and the secrecy.
"""
