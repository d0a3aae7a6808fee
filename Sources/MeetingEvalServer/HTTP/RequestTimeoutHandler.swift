import NIOCore
import NIOHTTPTypes

/// How long a client may take, so that slow or stalled connections (a "slowloris") cannot hold
/// the server's sockets: the request head must arrive within `header` of the connection
/// opening, the body within `body` of the head, and an idle keep-alive connection is closed
/// after `idle` (Hummingbird's own idle timeout). A connection over its time is closed.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// Seconds, each.
    public var header: Double
    public var body: Double
    public var idle: Double

    public static let defaultHeader: Double = 10
    public static let defaultBody: Double = 30
    public static let defaultIdle: Double = 60

    public init(header: Double = defaultHeader, body: Double = defaultBody, idle: Double = defaultIdle) {
        self.header = header
        self.body = body
        self.idle = idle
    }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1_000_000_000)) }
}

/// Closes a connection whose first request head does not arrive within the header timeout,
/// or whose request body does not end within the body timeout of its head. (Between requests
/// of a kept-alive connection, the idle timeout applies.) It sits after the HTTP decoder, so
/// it sees request parts; a head that trickles in byte by byte is not one until it is whole.
final class RequestTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeouts: ConnectionTimeouts
    private var deadline: Scheduled<Void>?

    init(_ timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { schedule(context, after: timeouts.header) }
    }

    func channelActive(context: ChannelHandlerContext) {
        schedule(context, after: timeouts.header)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: schedule(context, after: timeouts.body)
        case .body: break
        case .end: cancel()
        }
        context.fireChannelRead(data)
    }

    private func schedule(_ context: ChannelHandlerContext, after seconds: Double) {
        cancel()
        let time = ConnectionTimeouts.amount(seconds)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: time) {
            loopBound.value.close(promise: nil)
        }
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
    }
}
