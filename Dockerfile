# Koppel container image: builds and tests koppel on Debian 12, then runs
# it as an unprivileged user with the database on a volume.
#
#   docker build -t koppel .
#   docker run -p 127.0.0.1:8080:8080 -v koppel-data:/var/lib/koppel koppel
#
# Publish the port on 127.0.0.1 only, behind a reverse proxy that speaks
# TLS: Koppel itself speaks plain HTTP unless tls_cert/tls_key are set.
#
# The build stage runs the unit, HTTP and CLI tests (the browser tests and
# the API lint need Chromium and node, and run in .ci/test instead). The image
# carries the PC4 table as /opt/koppel/share/koppel/postcodes/nl-pc4.csv.

FROM debian:12-slim AS build
WORKDIR /src
COPY .ci/install-deps .ci/install-deps
RUN bash .ci/install-deps build test
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOPPEL_E2E=OFF -DCMAKE_INSTALL_PREFIX=/opt/koppel \
 && cmake --build /build -j"$(nproc)" \
 && cd /build && ctest --output-on-failure -LE 'browser|lint|docker' \
 && cmake --install /build

FROM debian:12-slim
COPY .ci/install-deps /tmp/install-deps
RUN bash /tmp/install-deps runtime \
 && rm -rf /tmp/install-deps /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/koppel --shell /usr/sbin/nologin koppel \
 && mkdir -p /var/lib/koppel \
 && chown koppel:koppel /var/lib/koppel \
 && chmod 700 /var/lib/koppel
COPY --from=build /opt/koppel /opt/koppel
# The PC4 table with its licence: koppel postcodes import /opt/koppel/share/koppel/postcodes/nl-pc4.csv
COPY config/postcodes/nl-pc4.csv config/postcodes/README.md /opt/koppel/share/koppel/postcodes/
ENV TZ=Europe/Amsterdam \
    KOPPEL_LISTEN=0.0.0.0:8080 \
    KOPPEL_DATABASE=/var/lib/koppel/koppel.db \
    KOPPEL_WEB_DIR=/opt/koppel/share/koppel/web
USER koppel
VOLUME ["/var/lib/koppel"]
EXPOSE 8080
# koppel health asks the address koppel serve listens on (KOPPEL_LISTEN, or
# the settings file), so the check follows a changed port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/opt/koppel/bin/koppel", "health"]
ENTRYPOINT ["/opt/koppel/bin/koppel"]
CMD ["serve"]
