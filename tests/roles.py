"""How each role of the permission matrix is made.

The Liaison Committee role depends on the forums app: make_liaison_member
adds the user to the committee and to a working group once forums exists.
"""


def make_liaison_member(user, *, partner) -> None:
    """Give `user` the Liaison Committee role (committee and working-group member)."""
    return None
