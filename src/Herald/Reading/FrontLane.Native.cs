using System.Net;
using System.Runtime.InteropServices;

namespace Herald.Reading;

// The Linux calls the front lane makes (libc), and the layout of their structures.
public sealed partial class FrontLane
{
    private static unsafe class Native
    {
        public const int EPOLL_CLOEXEC = 0x80000;
        public const int EPOLL_CTL_ADD = 1;
        public const int EPOLL_CTL_DEL = 2;
        public const int EPOLL_CTL_MOD = 3;
        public const uint EPOLLIN = 0x1;
        public const uint EPOLLOUT = 0x4;
        public const uint EPOLLEXCLUSIVE = 1u << 28;
        public const int EFD_NONBLOCK = 0x800;
        public const int EFD_CLOEXEC = 0x80000;
        public const int SOCK_NONBLOCK = 0x800;
        public const int SOCK_CLOEXEC = 0x80000;
        public const int MSG_PEEK = 0x2;
        public const int MSG_NOSIGNAL = 0x4000;
        public const int IPPROTO_TCP = 6;
        public const int TCP_NODELAY = 1;
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int ECONNABORTED = 103;

        // struct epoll_event is packed on x86-64 (4 + 8 bytes) and aligned elsewhere (4 + 4 + 8).
        private static readonly bool Packed = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        public static readonly int EventSize = Packed ? 12 : 16;

        // The data word of the index-th event epoll_wait returned (the events asked for are
        // known from the connection's state, so their flags are not read).
        public static ulong Data(byte[] events, int index) =>
            BitConverter.ToUInt64(events, index * EventSize + (Packed ? 4 : 8));

        public static int Control(int epoll, int op, int fd, uint flags, ulong data)
        {
            var item = stackalloc byte[16];
            *(uint*)item = flags;
            *(ulong*)(item + (Packed ? 4 : 8)) = data;
            return epoll_ctl(epoll, op, fd, item);
        }

        public static int Check(int result, string call) =>
            result >= 0 ? result : throw new IOException($"{call} failed with errno {Marshal.GetLastPInvokeError()}");

        [StructLayout(LayoutKind.Sequential)]
        public readonly struct IoVec(byte* start, long length)
        {
            public readonly byte* Start = start;
            public readonly nint Length = (nint)length;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct MessageHeader
        {
            public void* Name;
            public int NameLength;
            public IoVec* Parts;
            public nint PartCount;
            public void* Control;
            public nint ControlLength;
            public int Flags;
        }

        // sendmsg without SIGPIPE: a reader who went away is an error code, not a signal.
        public static long Send(int fd, IoVec* parts, int count)
        {
            var message = new MessageHeader { Parts = parts, PartCount = count };
            return sendmsg(fd, &message, MSG_NOSIGNAL);
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_create1(int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int epoll_ctl(int epoll, int op, int fd, byte* item);

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_wait(int epoll, byte* events, int max, int timeoutMs);

        [DllImport("libc", SetLastError = true)]
        public static extern int eventfd(uint initial, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int accept4(int fd, void* address, void* length, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern long recv(int fd, byte* buffer, long length, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern long sendmsg(int fd, MessageHeader* message, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern long write(int fd, void* buffer, long length);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int name, void* value, int length);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int getpeername(int fd, byte* address, int* length);

        // The connection's remote address (sockaddr_in or sockaddr_in6), or null.
        public static IPAddress? Peer(int fd)
        {
            var address = stackalloc byte[128];
            var length = 128;
            if (getpeername(fd, address, &length) != 0)
            {
                return null;
            }
            return *(ushort*)address switch
            {
                2 => new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)),
                10 => new IPAddress(new ReadOnlySpan<byte>(address + 8, 16)),
                _ => null,
            };
        }
    }
}
