from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "foundation.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from allauth.account.signals import user_logged_in  # noqa: PLC0415 -- needs the app registry

        from foundation.accounts.signals import count_sign_in_as_fresh  # noqa: PLC0415 -- idem

        user_logged_in.connect(count_sign_in_as_fresh, dispatch_uid="count_sign_in_as_fresh")
