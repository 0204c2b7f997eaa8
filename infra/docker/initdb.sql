-- One database per service on the compose file's PostgreSQL, and web-app's (HTTP sessions only).
create database wallet;
create database campaign;
create database pledge;
create database notification;
create database closure;
create database webapp;
