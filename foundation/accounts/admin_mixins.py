"""Admin pages whose saves change who may do what."""

from django.utils.decorators import method_decorator

from foundation.accounts.decorators import fresh_authentication_required


class ReauthenticatedChangesMixin:
    """Role changes are sensitive: saving, deleting or running an action on
    these objects asks for a recent re-authentication (allauth keeps the
    POST and replays it once the user has confirmed their identity)."""

    @method_decorator(fresh_authentication_required)
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    @method_decorator(fresh_authentication_required)
    def changelist_view(self, request, *args, **kwargs):
        return super().changelist_view(request, *args, **kwargs)

    @method_decorator(fresh_authentication_required)
    def delete_view(self, request, *args, **kwargs):
        return super().delete_view(request, *args, **kwargs)
