-- Function environment values marked secret are stored encrypted (see SecretCipher).
alter table function_env add column secret boolean not null default false;
