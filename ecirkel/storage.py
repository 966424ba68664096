"""Uploaded files on S3-compatible object storage, kept private.

``MEDIA_STORAGE_BACKEND=ecirkel.storage.PrivateS3Storage`` (production.py reads the
bucket, endpoint and region from ``AWS_*`` variables; django-storages takes the keys
from ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or the machine's role).

The bucket stays private: objects are written without an ACL (the bucket's own, which
must not be public). Pages never link to the bucket: a file's ``url`` is the site's
own ``MEDIA_URL`` address, whose view (ecirkel/media.py) checks who may have it and
then lets nginx fetch it from the bucket with a presigned URL that lives
``AWS_QUERYSTRING_EXPIRE`` seconds (``signed_url``), or streams it itself. So a
cached page holds no expiring or shareable address, and a course's files are refused
to those who may not see the course, as with files on disk.
"""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    default_acl = None  # the bucket's (private); never "public-read"
    querystring_auth = True
    file_overwrite = False  # a new upload never replaces a file pages use

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The address pages use: the site's checking view, never the bucket."""
        return settings.MEDIA_URL + quote(clean_name(name))

    def signed_url(self, name: str, expire: int | None = None) -> str:
        """A presigned GET for ``name`` (for the web server after the check)."""
        return super().url(name, expire=expire)
