//! `addresses/take`.

pub(crate) struct AddressesTake;

create_endpoint!(AddressesTake: AddressTakeRequest => AddressTakeResponse, take_address);
