from django.contrib.auth.backends import BaseBackend


class SecretariatPermissionBackend(BaseBackend):
    """The Secretariat curates everything in the admin.

    Django's per-model permissions are not used to divide the Secretariat's
    work; what the other roles may do is decided by each app's permissions.py.
    The admin site itself still requires two-factor authentication.
    """

    def has_perm(self, user_obj, perm, obj=None):
        return bool(user_obj.is_active and getattr(user_obj, "is_secretariat", False))

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, app_label)
