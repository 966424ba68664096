"""The Content-Security-Policy header (django-csp), with the Wagtail admin's own.

Learner pages get settings.CONTENT_SECURITY_POLICY; addresses under /admin/ get
settings.ADMIN_CONTENT_SECURITY_POLICY (Wagtail writes inline scripts). PDFs get
none: Chrome's PDF viewer is itself refused by object-src 'none'.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.ADMIN_URL_PREFIX)
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts
