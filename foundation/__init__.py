"""The ground every app stands on: accounts and roles, mail, private files,
signed links, the form kit, environment parsing. It imports no app of the
portal (a layers contract checks it in `make test`)."""
