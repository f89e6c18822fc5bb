//! `addresses/take`.

pub(crate) struct AddressesTake;

create_operation!(AddressesTake: AddressTakeRequest => AddressTakeResponse, take_address);
