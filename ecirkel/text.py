"""Text files that people upload (caption files, question files, staff lists): UTF-8,
with or without Excel's byte-order mark, with any line endings."""

from django.utils.translation import gettext as _


class NotText(ValueError):
    """The upload is no UTF-8 text. ``line`` (from 1) is where; ``nul``: it holds a
    NUL byte (a binary file), else bytes that are not UTF-8."""

    def __init__(self, line: int, *, nul: bool):
        self.line, self.nul = line, nul
        super().__init__(f"Line {line}: {'a NUL byte' if nul else 'not UTF-8'}")

    @property
    def reason(self) -> str:
        """What is wrong and what to do, for a message that names the line."""
        if self.nul:
            return _("the file contains a NUL byte; save it as plain text.")
        return _("the file is not UTF-8; save it as UTF-8 and try again.")


def line_of(data: bytes, index: int) -> int:
    """The line number of byte ``index``, with CR, LF and CR LF all ending a line."""
    before = data[:index]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def decode_upload(data: bytes) -> str:
    """``data`` as text: UTF-8 without its byte-order mark, CR and CR LF line endings
    made LF. Raises ``NotText`` for a NUL byte or bytes that are not UTF-8."""
    nul = data.find(b"\x00")
    if nul != -1:
        raise NotText(line_of(data, nul), nul=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotText(line_of(data, error.start), nul=False) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")
