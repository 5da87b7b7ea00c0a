# Stepline: install, uninstall and package the binary with its systemd units (Debian 12).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   binary, units, man page, example config, user
#   make uninstall [PREFIX=/usr/local] [DESTDIR=] the same files (config, data and user are kept)
#   make deb [VERSION=…] [STATIC_STDLIB=1] [BUNDLE_RUNTIME=auto|1|0]
#                                                 stepline_VERSION_ARCH.deb (see scripts/build-deb)
#   make check-units                              systemd-analyze verify + security of the units
#
# The binary is .build/release/stepline (BINARY=…), built with `swift build` only when it is missing.

PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?= .build/release/stepline
CONFIG ?= config/stepline.yaml
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
# The units go where systemd looks: /lib/systemd/system for the distribution's own prefix /usr,
# /etc/systemd/system (the admin's) for any other.
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,/etc/systemd/system)
CONFDIR = /etc/stepline
STATEDIR = /var/lib/stepline
UNITS = stepline.service stepline-worker@.service
# What `make deb` passes on to scripts/build-deb.
VERSION ?=
STATIC_STDLIB ?= 0
BUNDLE_RUNTIME ?= auto
OUT ?= .

# systemd is asked to reload or stop units only when it runs and the files go to this machine.
SYSTEMD_RUNNING = $(if $(DESTDIR),,$(wildcard /run/systemd/system))

.PHONY: all install uninstall deb check-units clean-deb

all: $(BINARY)

# Built only when missing: an existing binary is used as it is.
.build/release/stepline:
	swift build -c release --product stepline

install: $(BINARY)
	@test -f $(CONFIG) || { echo "make: no example config at $(CONFIG) (set CONFIG=FILE)" >&2; exit 1; }
ifeq ($(DESTDIR),)
	getent group stepline >/dev/null || groupadd --system stepline
	getent passwd stepline >/dev/null || useradd --system --gid stepline --home-dir $(STATEDIR) \
		--no-create-home --shell /usr/sbin/nologin --comment "Stepline service" stepline
	install -d -m 0700 -o stepline -g stepline $(STATEDIR) $(STATEDIR)/functions
endif
	install -D -m 0755 $(BINARY) $(DESTDIR)$(BINDIR)/stepline
	install -d $(DESTDIR)$(UNITDIR)
	for u in $(UNITS); do \
		sed 's#/usr/bin/stepline#$(BINDIR)/stepline#g' systemd/$$u >$(DESTDIR)$(UNITDIR)/$$u.tmp && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$u.tmp && mv $(DESTDIR)$(UNITDIR)/$$u.tmp $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -D -m 0644 docs/stepline.1 $(DESTDIR)$(MANDIR)/stepline.1
	install -d -m 0755 $(DESTDIR)$(CONFDIR)
	@if [ -e $(DESTDIR)$(CONFDIR)/stepline.yaml ]; then \
		echo "keeping $(DESTDIR)$(CONFDIR)/stepline.yaml"; \
	else \
		echo "install -m 0640 $(CONFIG) $(DESTDIR)$(CONFDIR)/stepline.yaml"; \
		install -m 0640 $(CONFIG) $(DESTDIR)$(CONFDIR)/stepline.yaml && \
		if getent group stepline >/dev/null; then chgrp stepline $(DESTDIR)$(CONFDIR)/stepline.yaml; fi; \
	fi
ifneq ($(SYSTEMD_RUNNING),)
	systemctl daemon-reload
endif
	@echo "installed; start with: systemctl enable --now stepline (and stepline-worker@{1..4})"

uninstall:
ifneq ($(SYSTEMD_RUNNING),)
	-systemctl disable --now stepline.service
	-systemctl stop 'stepline-worker@*.service'
endif
	rm -f $(DESTDIR)$(BINDIR)/stepline $(DESTDIR)$(MANDIR)/stepline.1
	rm -f $(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS))
ifneq ($(SYSTEMD_RUNNING),)
	systemctl daemon-reload
endif
	@echo "kept $(DESTDIR)$(CONFDIR), $(DESTDIR)$(STATEDIR) and the user stepline;" \
		"remove them with: rm -rf $(CONFDIR) $(STATEDIR) && userdel stepline"

# STATIC_STDLIB=1 makes scripts/build-deb build its own binary, so the default one is not needed then.
deb: $(if $(filter 1,$(STATIC_STDLIB)),,$(BINARY))
	BINARY=$(BINARY) CONFIG=$(CONFIG) VERSION=$(VERSION) STATIC_STDLIB=$(STATIC_STDLIB) \
		BUNDLE_RUNTIME=$(BUNDLE_RUNTIME) OUT=$(OUT) scripts/build-deb

check-units:
	scripts/check-units

clean-deb:
	rm -f stepline_*.deb
	rm -rf .build-deb
