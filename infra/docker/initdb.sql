-- One database per service on the compose file's PostgreSQL.
create database wallet;
create database campaign;
create database pledge;
create database notification;
create database closure;
