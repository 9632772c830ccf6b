#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <sys/stat.h>
#include <sys/types.h>

// File operations for folders that another account may be able to write into (the demo
// workspace's folders belong to the postgres account when the console runs as root). They work
// relative to directory descriptors that were opened without following a symbolic link and
// checked, so a link swapped in by someone else can never redirect a create, a delete or a
// truncation to another place. Path-based Qt calls (QDir::removeRecursively, QFile::open) do
// follow links and are not used there.
namespace SafeFs {

// An owned file descriptor, closed on destruction.
class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd)
        : m_fd(fd)
    { }
    ~Fd();
    Fd(Fd&& other) noexcept
        : m_fd(other.m_fd)
    {
        other.m_fd = -1;
    }
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

struct Account
{
    uid_t uid = 0;
    gid_t gid = 0;
};

std::optional<Account> lookupAccount(const QByteArray& name);
QString accountName(uid_t uid); // the login name, or the number when there is none

enum class Problem
{
    None,
    Missing, // the folder does not exist (and was not to be created)
    Symlink, // a symbolic link where a real folder was expected: never followed
    NotDirectory,
    UntrustedAncestor, // a folder on the way belongs to another account (Status::owner)
    WritableAncestor, // a folder on the way is writable by others and not sticky
    System, // a system call failed (Status::sysError)
};

struct Status
{
    Problem problem = Problem::None;
    QString path; // the folder concerned
    int sysError = 0;
    uid_t owner = 0;

    bool ok() const { return problem == Problem::None; }
};

QString errorText(int sysError); // strerror, in the system's language

// Opens the absolute folder `path` one component at a time with O_NOFOLLOW, from "/". Every
// folder on the way must belong to root or to `trustedUser` and, when others may write in it,
// carry the sticky bit (as /tmp does): then nobody else can rename or replace the next
// component. A symbolic link anywhere is refused, so pass a canonical path. With `create`,
// missing components are made: the last with `mode`, the others 0755. `st` receives the
// folder's own fstat; checking its owner and mode is the caller's job.
Status openTrustedDir(const QString& path, uid_t trustedUser, bool create, mode_t mode, Fd& out,
                      struct stat& st);

// Opens the folder `name` inside `dirFd` (whose path is `dirPath`, for messages) without
// following a link; with `create`, makes it with `mode` first when it is missing.
Status openSubdir(int dirFd, const QString& dirPath, const QString& name, bool create, mode_t mode, Fd& out,
                  struct stat& st);

// Creates a new file (O_CREAT|O_EXCL|O_NOFOLLOW: never an existing file nor a link's target)
// and writes `contents`. Returns 0 or an errno (EEXIST when the name is taken).
int createFile(int dirFd, const QByteArray& name, mode_t mode, const QByteArray& contents);

// Appends to an existing regular file without following a link. Only system calls: safe in a
// forked child. Returns 0 or an errno.
int appendToFile(int dirFd, const char* name, const char* data, size_t size);

// Deletes everything inside the folder `dirFd`, which itself stays. Entries are examined with
// AT_SYMLINK_NOFOLLOW and folders entered with O_NOFOLLOW: a link is removed itself, never
// what it points to, and nothing on another file system is touched. Only system calls: safe
// in a forked child. Returns 0 or an errno.
int removeContents(int dirFd);

// The names in the folder `dirFd`, without "." and "..". Empty on error (errno set).
QStringList entryNames(int dirFd);

// Runs `fn` in a forked child process that has dropped to `account` (groups, gid, uid), so
// whatever it does is done with that account's rights, not root's. `fn` runs after fork() in a
// process whose other threads are gone: it may make system calls only (no allocation, no Qt).
// Returns fn's result (0 or an errno), or the errno of the fork or the privilege drop.
int runAs(const Account& account, const std::function<int()>& fn);

} // namespace SafeFs
