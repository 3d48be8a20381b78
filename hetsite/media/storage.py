"""File storage that never leaves a partial file behind.

Django's ``FileSystemStorage`` writes straight to the final name: when the disk fills up
half way, a truncated file stays there under the name the database would have used.
Here every file is written under a hidden temporary name in the same folder, then
linked to its final name in one step; on any failure the temporary file is removed.
"""

import errno
import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage

# Errors that mean "no room": full disk, quota, file too large for the file system.
STORAGE_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# ``os.link`` is not supported everywhere; then the file is renamed instead.
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def is_storage_full(exc):
    return isinstance(exc, OSError) and exc.errno in STORAGE_FULL_ERRNOS


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        directory = posixpath.dirname(str(name).replace("\\", "/"))
        temp_name = posixpath.join(directory, f".{secrets.token_hex(8)}.part")
        try:
            temp_name = super()._save(temp_name, content)
            name = self._publish(self.path(temp_name), name)
        except BaseException:
            self._discard(temp_name)
            raise
        self._discard(temp_name)
        return name

    def _publish(self, temp_path, name):
        """Give the finished file its final name, never replacing another file."""
        while True:
            try:
                os.link(temp_path, self.path(name))
            except FileExistsError:
                name = self.get_available_name(name)
            except OSError as exc:
                if exc.errno not in NO_HARD_LINKS or os.path.exists(self.path(name)):
                    raise
                os.replace(temp_path, self.path(name))
                return name
            else:
                return name

    def _discard(self, name):
        try:
            os.unlink(self.path(name))
        except FileNotFoundError:
            pass
