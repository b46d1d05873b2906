"""Transactional email through an outbox (see foundation.mail.outbox)."""
