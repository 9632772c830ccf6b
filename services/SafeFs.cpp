#include "SafeFs.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace SafeFs {

namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr int kMaxDepth = 128; // a half-made PostgreSQL cluster is a few levels deep

Status systemError(int error, const QString& path)
{
    Status status;
    status.problem = Problem::System;
    status.sysError = error;
    status.path = path;
    return status;
}

// Why openat(O_DIRECTORY|O_NOFOLLOW) refused `name`: a link, something else, or a real error.
Status openFailure(int error, int dirFd, const QByteArray& name, const QString& path)
{
    Status status;
    status.path = path;
    struct stat st;
    if (error == ELOOP
        || (error == ENOTDIR && ::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0
            && S_ISLNK(st.st_mode))) {
        status.problem = Problem::Symlink;
    } else if (error == ENOTDIR) {
        status.problem = Problem::NotDirectory;
    } else if (error == ENOENT) {
        status.problem = Problem::Missing;
    } else {
        return systemError(error, path);
    }
    return status;
}

bool isDotOrDotDot(const char* name)
{
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

int removeContentsAt(int dirFd, dev_t device, int depth)
{
    if (depth > kMaxDepth)
        return ELOOP;
    // getdents64 rather than readdir: no allocation, so this also runs in a forked child.
    alignas(8) char buffer[4096];
    // Deleting while reading a directory may skip entries: read it again until a pass finds
    // nothing left to delete. The bound stops someone who keeps adding entries.
    for (int pass = 0; pass < 1000; ++pass) {
        if (::lseek(dirFd, 0, SEEK_SET) < 0)
            return errno;
        bool removed = false;
        for (;;) {
            const ssize_t n = ::getdents64(dirFd, buffer, sizeof buffer);
            if (n < 0)
                return errno;
            if (n == 0)
                break;
            for (ssize_t offset = 0; offset < n;) {
                const auto* entry = reinterpret_cast<const struct dirent64*>(buffer + offset);
                offset += entry->d_reclen;
                const char* name = entry->d_name;
                if (isDotOrDotDot(name))
                    continue;
                struct stat st;
                if (::fstatat(dirFd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    if (errno == ENOENT)
                        continue;
                    return errno;
                }
                if (S_ISDIR(st.st_mode)) {
                    if (st.st_dev != device)
                        return EXDEV; // a mount point: never delete another file system
                    const int sub = ::openat(dirFd, name, kDirFlags);
                    if (sub < 0)
                        return errno; // ELOOP when it was swapped for a link meanwhile
                    const int rc = removeContentsAt(sub, device, depth + 1);
                    ::close(sub);
                    if (rc != 0)
                        return rc;
                    if (::unlinkat(dirFd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
                        return errno;
                } else if (::unlinkat(dirFd, name, 0) != 0 && errno != ENOENT) {
                    return errno; // a link is unlinked itself: its target is not touched
                }
                removed = true;
            }
        }
        if (!removed)
            return 0;
    }
    return EBUSY;
}

} // namespace

Fd::~Fd()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Fd& Fd::operator=(Fd&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

std::optional<Account> lookupAccount(const QByteArray& name)
{
    struct passwd pwd;
    struct passwd* found = nullptr;
    char buffer[4096];
    if (::getpwnam_r(name.constData(), &pwd, buffer, sizeof buffer, &found) != 0 || !found)
        return std::nullopt;
    return Account{found->pw_uid, found->pw_gid};
}

QString accountName(uid_t uid)
{
    struct passwd pwd;
    struct passwd* found = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &pwd, buffer, sizeof buffer, &found) == 0 && found)
        return QString::fromLocal8Bit(found->pw_name);
    return QString::number(uid);
}

QString errorText(int sysError)
{
    return QString::fromLocal8Bit(::strerror(sysError));
}

Status openTrustedDir(const QString& path, uid_t trustedUser, bool create, mode_t mode, Fd& out,
                      struct stat& st)
{
    if (!path.startsWith(QLatin1Char('/')))
        return systemError(EINVAL, path);
    Fd dir(::open("/", kDirFlags));
    if (!dir.isValid() || ::fstat(dir.get(), &st) != 0)
        return systemError(errno, QStringLiteral("/"));
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString walked;
    for (int i = 0; i < parts.size(); ++i) {
        const QString here = walked.isEmpty() ? QStringLiteral("/") : walked;
        // Whoever may change this folder's entries could swap the next one for a link.
        if (st.st_uid != 0 && st.st_uid != trustedUser) {
            Status status;
            status.problem = Problem::UntrustedAncestor;
            status.path = here;
            status.owner = st.st_uid;
            return status;
        }
        if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
            Status status;
            status.problem = Problem::WritableAncestor;
            status.path = here;
            return status;
        }
        const bool last = i == parts.size() - 1;
        walked += QLatin1Char('/') + parts.at(i);
        Status opened = openSubdir(dir.get(), here, parts.at(i), create, last ? mode : 0755, dir, st);
        if (!opened.ok())
            return opened;
    }
    out = std::move(dir);
    return {};
}

Status openSubdir(int dirFd, const QString& dirPath, const QString& name, bool create, mode_t mode, Fd& out,
                  struct stat& st)
{
    const QByteArray encoded = QFile::encodeName(name);
    const QString path = (dirPath.endsWith(QLatin1Char('/')) ? dirPath : dirPath + QLatin1Char('/')) + name;
    bool made = false;
    if (create) {
        if (::mkdirat(dirFd, encoded.constData(), mode) == 0)
            made = true;
        else if (errno != EEXIST)
            return systemError(errno, path);
    }
    Fd sub(::openat(dirFd, encoded.constData(), kDirFlags));
    if (!sub.isValid())
        return openFailure(errno, dirFd, encoded, path);
    // The umask may have taken bits away: a folder made here gets exactly the mode asked for.
    if (made && ::fchmod(sub.get(), mode) != 0)
        return systemError(errno, path);
    if (::fstat(sub.get(), &st) != 0)
        return systemError(errno, path);
    out = std::move(sub);
    return {};
}

int createFile(int dirFd, const QByteArray& name, mode_t mode, const QByteArray& contents)
{
    const int fd
        = ::openat(dirFd, name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return errno;
    int rc = 0;
    for (qsizetype done = 0; done < contents.size();) {
        const ssize_t n = ::write(fd, contents.constData() + done, size_t(contents.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? errno : EIO;
            break;
        }
        done += n;
    }
    ::close(fd);
    return rc;
}

int appendToFile(int dirFd, const char* name, const char* data, size_t size)
{
    const int fd = ::openat(dirFd, name, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    int rc = 0;
    if (::fstat(fd, &st) != 0)
        rc = errno;
    else if (!S_ISREG(st.st_mode))
        rc = EINVAL;
    for (size_t done = 0; rc == 0 && done < size;) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            rc = n < 0 ? errno : EIO;
        else
            done += size_t(n);
    }
    ::close(fd);
    return rc;
}

int removeContents(int dirFd)
{
    struct stat st;
    if (::fstat(dirFd, &st) != 0)
        return errno;
    if (!S_ISDIR(st.st_mode))
        return ENOTDIR;
    return removeContentsAt(dirFd, st.st_dev, 0);
}

QStringList entryNames(int dirFd)
{
    QStringList names;
    const int copy = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0); // closedir() closes it
    if (copy < 0)
        return names;
    DIR* dir = ::fdopendir(copy);
    if (!dir) {
        ::close(copy);
        return names;
    }
    ::rewinddir(dir);
    while (const struct dirent* entry = ::readdir(dir)) {
        if (!isDotOrDotDot(entry->d_name))
            names << QFile::decodeName(entry->d_name);
    }
    ::closedir(dir);
    return names;
}

int runAs(const Account& account, const std::function<int()>& fn)
{
    const pid_t pid = ::fork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        // Supplementary groups first, uid last: once the uid is dropped, nothing else can be.
        if (::setgroups(0, nullptr) != 0 || ::setgid(account.gid) != 0 || ::setuid(account.uid) != 0)
            ::_exit(errno > 0 && errno < 256 ? errno : EPERM);
        const int rc = fn();
        ::_exit(rc >= 0 && rc < 256 ? rc : EIO);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return errno;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

} // namespace SafeFs
