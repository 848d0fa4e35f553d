#!/usr/bin/python3
"""Vigie demo fleet: simulated IP cameras served by GStreamer's RTSP server.

Why GStreamer: it is a real RTSP server (DESCRIBE/SETUP/PLAY over TCP, RTP/H.264,
Basic auth, 401/404 answers) so the relay is exercised exactly as with real
cameras, and it encodes on demand (one shared pipeline per mount, created when the
first client connects).

Protocol with the parent (Node) process:
  argv: --host 127.0.0.1 --port P --spec JSON  (JSON: list of camera specs)
  stdout: one line 'READY {"port": P, "authPort": Q}' once listening (authPort only
          when a camera has credentials), then one answer line per command.
  stdin: one command per line, used by tests to break cameras on purpose:
    stall <path>    freeze the camera's stream (socket stays open, no frames)
    resume <path>   let frames flow again
    drop <path>     close every client session of that camera
    disable <path>  remove the mount (clients then get 404)
    enable <path>   add it back
  The server exits when stdin closes (the parent died) or on SIGTERM; it ignores SIGINT.
  If a GStreamer element (or the Python bindings) the cameras need is missing, it prints one
  line 'MISSING [{"element": ..., "plugin": ..., "package": ...}, ...]' and exits with code 3
  before listening: a server that answered 503 to every request would say nothing useful.
"""
import argparse
import json
import signal
import sys
import threading
import time

# Where each element the cameras use comes from: the GStreamer plugin (Windows installers list
# plugins) and the Debian package. Several are only recommendations of other packages, so a
# machine set up with --no-install-recommends can lack them (textoverlay: gstreamer1.0-x).
ELEMENT_SOURCES = {
    "videotestsrc": ("videotestsrc", "gstreamer1.0-plugins-base"),
    "videoconvert": ("videoconvertscale", "gstreamer1.0-plugins-base"),
    "appsrc": ("app", "gstreamer1.0-plugins-base"),
    "textoverlay": ("pango", "gstreamer1.0-x"),
    "clockoverlay": ("pango", "gstreamer1.0-x"),
    "valve": ("coreelements", "libgstreamer1.0-0"),
    "x264enc": ("x264", "gstreamer1.0-plugins-ugly"),
    "rtph264pay": ("rtp", "gstreamer1.0-plugins-good"),
    "x265enc": ("x265", "gstreamer1.0-plugins-bad"),
    "rtph265pay": ("rtp", "gstreamer1.0-plugins-good"),
}
EXIT_MISSING = 3


def report_missing(missing):
    print("MISSING " + json.dumps(missing), flush=True)
    sys.exit(EXIT_MISSING)


try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402
except ImportError:
    report_missing([{"element": "gi", "plugin": "PyGObject", "package": "python3-gi"}])
except ValueError:
    report_missing(
        [{"element": "GstRtspServer", "plugin": "gst-rtsp-server", "package": "gir1.2-gst-rtsp-server-1.0"}]
    )


# Bits of the capture-time stamp (epoch milliseconds modulo 2^40) drawn by stamping cameras.
STAMP_BITS = 40


def escape_text(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def launch_line(spec):
    width = int(spec.get("width", 640))
    height = int(spec.get("height", 360))
    fps = int(spec.get("fps", 25))
    gop = int(spec.get("gop", fps))
    codec = spec.get("codec", "h264")
    label = escape_text(spec.get("label", spec["path"]))
    font = max(12, height // 18)
    # A moving ball on a coloured field, the camera's label bottom-left and a running clock
    # bottom-right (the tile's own overlay sits at the top).
    background = spec.get("background", "0xff1d3557")
    source = (
        f"videotestsrc is-live=true pattern={spec.get('pattern', 'ball')} "
        f"horizontal-speed={int(spec.get('scroll', 0))} "
        f"background-color={background} foreground-color=0xfff1c40f "
        f"! video/x-raw,width={width},height={height},framerate={fps}/1 "
        f"! textoverlay name=label text=\"{label}\" valignment=bottom halignment=left "
        f"font-desc=\"Sans {font}\" shaded-background=true "
        f"! clockoverlay time-format=\"%H:%M:%S\" valignment=bottom halignment=right "
        f"font-desc=\"Sans {font}\" shaded-background=true "
        f"! valve name=valve drop=false "
    )
    if spec.get("stamp"):
        # Benchmark camera: each frame carries its capture time (epoch ms) as a row of black and
        # white blocks, so a client can measure capture-to-screen latency after the relay.
        source = (
            f"appsrc name=stamp is-live=true format=time do-timestamp=true "
            f"caps=video/x-raw,format=GRAY8,width={width},height={height},framerate={fps}/1 "
            f"! videoconvert ! video/x-raw,format=I420 ! valve name=valve drop=false "
        )
    if codec == "h265":
        enc = (
            f"! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} "
            f"! rtph265pay name=pay0 pt=96 config-interval=1"
        )
    else:
        enc = (
            f"! x264enc tune=zerolatency speed-preset={spec.get('preset', 'ultrafast')} key-int-max={gop} "
            f"bitrate={int(spec.get('kbps', 1200))} "
            f"! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1"
        )
    return "( " + source + enc + " )"


def elements_needed(spec):
    """The element names launch_line(spec) uses, so a missing one is named before any client asks."""
    source = ["appsrc", "videoconvert"] if spec.get("stamp") else ["videotestsrc", "textoverlay", "clockoverlay"]
    encoder = ["x265enc", "rtph265pay"] if spec.get("codec") == "h265" else ["x264enc", "rtph264pay"]
    return source + ["valve"] + encoder


def missing_elements(specs):
    names = []
    for spec in specs:
        for name in elements_needed(spec):
            if name not in names:
                names.append(name)
    missing = []
    for name in names:
        if Gst.ElementFactory.find(name) is None:
            plugin, package = ELEMENT_SOURCES[name]
            missing.append({"element": name, "plugin": plugin, "package": package})
    return missing


class Camera:
    def __init__(self, server, spec):
        self.server = server
        self.spec = spec
        self.path = "/" + spec["path"].lstrip("/")
        self.stalled = False
        self.medias = []
        self.factory = GstRtspServer.RTSPMediaFactory()
        self.factory.set_launch(launch_line(spec))
        self.factory.set_shared(True)
        self.factory.connect("media-configure", self.on_media_configure)
        auth = spec.get("auth")
        if auth:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_role("viewer")
            permissions.add_permission_for_role("viewer", "media.factory.access", True)
            permissions.add_permission_for_role("viewer", "media.factory.construct", True)
            self.factory.set_permissions(permissions)

    def on_media_configure(self, _factory, media):
        self.medias.append(media)
        media.connect("unprepared", lambda m: self.medias.remove(m) if m in self.medias else None)
        self.apply_valve(media)
        appsrc = media.get_element().get_by_name("stamp")
        if appsrc is not None:
            self.start_stamping(media, appsrc)

    def start_stamping(self, media, appsrc):
        width = int(self.spec.get("width", 640))
        height = int(self.spec.get("height", 360))
        fps = int(self.spec.get("fps", 25))
        block = width // STAMP_BITS
        rows = max(16, block)
        background = bytes([96]) * (width * (height - rows))

        def push():
            if media not in self.medias:
                return False
            now = int(time.time() * 1000) & 0xFFFFFFFFFF
            row = bytearray(width)
            for bit in range(STAMP_BITS):
                value = 255 if (now >> (STAMP_BITS - 1 - bit)) & 1 else 0
                row[bit * block:(bit + 1) * block] = bytes([value]) * block
            frame = bytes(row) * rows + background
            appsrc.emit("push-buffer", Gst.Buffer.new_wrapped(frame))
            return True

        GLib.timeout_add(int(1000 / fps), push)

    def apply_valve(self, media):
        element = media.get_element()
        valve = element.get_by_name("valve") if element is not None else None
        if valve is not None:
            valve.set_property("drop", self.stalled)

    def set_stalled(self, stalled):
        self.stalled = stalled
        for media in list(self.medias):
            self.apply_valve(media)


class DemoServer:
    """Two RTSP servers on loopback: one open, one that demands Basic credentials.

    gst-rtsp-server answers 404 (not 401) to an anonymous client once a default
    token exists, so cameras with credentials live on their own server without one:
    there a missing or wrong password gets a real 401, as from an IP camera.
    """

    def __init__(self, host, port, specs):
        self.cameras = {}
        self.open_server = self.make_server(host, port)
        self.auth_server = None
        for spec in specs:
            camera = Camera(None, spec)
            self.cameras[camera.path] = camera
            if spec.get("auth"):
                if self.auth_server is None:
                    self.auth_server = self.make_server(host, 0)
                    self.auth_server.set_auth(GstRtspServer.RTSPAuth())
                auth = self.auth_server.get_auth()
                token = GstRtspServer.RTSPToken()
                token.set_string("media.factory.role", "viewer")
                basic = GstRtspServer.RTSPAuth.make_basic(spec["auth"]["username"], spec["auth"]["password"])
                auth.add_basic(basic, token)
                camera.server = self.auth_server
            else:
                camera.server = self.open_server
            camera.server.get_mount_points().add_factory(camera.path, camera.factory)

    @staticmethod
    def make_server(host, port):
        server = GstRtspServer.RTSPServer()
        server.set_address(host)
        server.set_service(str(port))
        return server

    def start(self):
        ports = {}
        for name, server in (("port", self.open_server), ("authPort", self.auth_server)):
            if server is None:
                continue
            if server.attach(None) == 0:
                raise RuntimeError("could not bind the RTSP server")
            ports[name] = server.get_bound_port()
        return ports

    def command(self, line):
        parts = line.strip().split()
        if len(parts) != 2:
            return f"ERROR bad command {line.strip()!r}"
        verb, path = parts
        path = "/" + path.lstrip("/")
        camera = self.cameras.get(path)
        if camera is None:
            return f"ERROR unknown camera {path}"
        if verb == "stall":
            camera.set_stalled(True)
        elif verb == "resume":
            camera.set_stalled(False)
        elif verb == "drop":
            self.drop_clients(path)
        elif verb == "disable":
            camera.server.get_mount_points().remove_factory(path)
            self.drop_clients(path)
        elif verb == "enable":
            camera.server.get_mount_points().add_factory(path, camera.factory)
        else:
            return f"ERROR unknown verb {verb}"
        return f"OK {verb} {path}"

    def drop_clients(self, path):
        """Close the connection of every client watching `path`, as a camera that reboots."""
        camera = self.cameras[path]

        def each_client(_server, client, _data=None):
            watching = []

            def find(_client, session, _data=None):
                media, _matched = session.get_media(path)
                if media is not None:
                    watching.append(session)
                return GstRtspServer.RTSPFilterResult.KEEP

            client.session_filter(find, None)
            if watching:
                return GstRtspServer.RTSPFilterResult.REMOVE
            return GstRtspServer.RTSPFilterResult.KEEP

        camera.server.client_filter(each_client, None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--spec", required=True, help="JSON list of camera specs")
    args = parser.parse_args()

    Gst.init(None)
    specs = json.loads(args.spec)
    missing = missing_elements(specs)
    if missing:
        report_missing(missing)
    server = DemoServer(args.host, args.port, specs)
    ports = server.start()
    loop = GLib.MainLoop()

    def stop(*_args):
        GLib.idle_add(loop.quit)

    signal.signal(signal.SIGTERM, stop)
    # Ctrl-C reaches the whole process group; the parent decides when the fleet stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def read_stdin():
        for line in sys.stdin:
            if not line.strip():
                continue
            result = {}
            done = threading.Event()

            def run(line=line):
                result["text"] = server.command(line)
                done.set()
                return False

            GLib.idle_add(run)
            done.wait(5)
            print(result.get("text", "ERROR timeout"), flush=True)
        stop()

    threading.Thread(target=read_stdin, daemon=True).start()
    print("READY " + json.dumps(ports), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
